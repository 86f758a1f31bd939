import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestBank, type TestBank } from '../testing/fixtures'
import { authenticate } from './auth'
import { generateTraffic } from './generate'
import { toggleCardBlock, toggleSecondaryEmail } from './profile-changes'
import { reconcile } from './reconciliation'
import { DEFAULT_SEED_PASSWORD, seed } from './seed'

describe('seed and traffic generator', () => {
  let bank: TestBank
  beforeAll(async () => {
    bank = await createTestBank()
  })
  afterAll(async () => {
    await bank?.close()
  })

  it('seeds customers who can log in, with accounts, cards and opening deposits that reconcile', async () => {
    const progress: number[] = []
    const first = await seed(bank.db, {
      customers: 30,
      batchSize: 20,
      onProgress: (done) => progress.push(done),
    })
    expect(first).toMatchObject({ customers: 30, firstLogin: 'client1' })
    expect(progress).toEqual([20, 30])
    const second = await seed(bank.db, { customers: 5 })
    expect(second.firstLogin).toBe('client31')
    const { rows } = await bank.db.pool.query<{
      customers: number
      cash_desks: number
      cards: number
      contacts: number
    }>(
      `SELECT (SELECT count(*) FROM customers)::int AS customers,
              (SELECT count(*) FROM accounts WHERE type_code = 'cash')::int AS cash_desks,
              (SELECT count(*) FROM cards)::int AS cards,
              (SELECT count(*) FROM customer_contacts)::int AS contacts`,
    )
    // 6 branches x 4 currencies of cash desks; one e-mail and one phone per customer; a card per current account.
    expect(rows[0]).toMatchObject({ customers: 35, cash_desks: 24, contacts: 70 })
    expect(rows[0]!.cards).toBeGreaterThanOrEqual(35)
    expect(await authenticate(bank.db.pool, 'client35', DEFAULT_SEED_PASSWORD)).toBeGreaterThan(0)
    expect((await reconcile(bank.db.pool)).ok).toBe(true)
  })

  it('runs mixed traffic at full speed, with some refusals and a ledger that still reconciles', async () => {
    const stats = await generateTraffic(bank.db, {
      customers: 35,
      tps: 0,
      durationMs: 1500,
      concurrency: 6,
      seed: 3,
      onProgress: null,
      signal: null,
    })
    expect(stats.firstError).toBeNull()
    expect(stats.errors).toBe(0)
    expect(stats.operations).toBe(stats.completed + stats.rejected)
    expect(stats.operations).toBeGreaterThan(50)
    expect(stats.byKind.transfer).toBeGreaterThan(stats.byKind.deposit + stats.byKind.withdrawal)
    expect(stats.rejected).toBeGreaterThan(0)
    const { rows } = await bank.db.pool.query<{ kind: string; status: string; n: number }>(
      `SELECT kind, status, count(*)::int AS n FROM operations WHERE description IS DISTINCT FROM 'Зачисление при открытии счёта'
       GROUP BY kind, status`,
    )
    expect(rows.reduce((sum, r) => sum + r.n, 0)).toBe(stats.operations)
    expect(await reconcile(bank.db.pool)).toMatchObject({ ok: true })
  })

  it('adds and removes secondary e-mails and blocks and unblocks cards', async () => {
    const { rows } = await bank.db.pool.query<{ id: number }>('SELECT min(id)::int AS id FROM customers')
    const customerId = rows[0]!.id
    const emails = async () =>
      (
        await bank.db.pool.query(
          "SELECT 1 FROM customer_contacts WHERE customer_id = $1 AND kind = 'email'",
          [customerId],
        )
      ).rowCount
    // The generator may already have toggled them, so each pair must flip the state both ways.
    const before = await emails()
    const first = await toggleSecondaryEmail(bank.db.pool, customerId)
    expect(await emails()).toBe(first === 'contact-added' ? before! + 1 : before! - 1)
    const second = await toggleSecondaryEmail(bank.db.pool, customerId)
    expect([first, second].sort()).toEqual(['contact-added', 'contact-removed'])
    expect(await emails()).toBe(before)
    const cards = [
      await toggleCardBlock(bank.db.pool, customerId),
      await toggleCardBlock(bank.db.pool, customerId),
    ]
    expect(cards.sort()).toEqual(['card-blocked', 'card-unblocked'])
  })

  it('holds a target rate instead of running flat out', async () => {
    const stats = await generateTraffic(bank.db, {
      customers: 35,
      tps: 40,
      durationMs: 1000,
      concurrency: 4,
      seed: 4,
      onProgress: null,
      signal: null,
    })
    // The schedule has tps * duration slots: never more (a slow machine may finish fewer by the deadline).
    expect(stats.operations).toBeGreaterThan(0)
    expect(stats.operations + stats.profileChanges).toBeLessThanOrEqual(40)
  })
})
