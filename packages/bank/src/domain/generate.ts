import { randomUUID } from 'node:crypto'
import type { BankDb } from '../db/bank-db'
import { deposit, type OperationResult, transfer, withdraw } from './operations'
import { toggleCardBlock, toggleSecondaryEmail } from './profile-changes'
import { mulberry32 } from './seed'

export interface GenerateOptions {
  /** Use the accounts of the first N customers. */
  customers: number
  /** Target operations per second; 0 runs at full speed. */
  tps: number
  durationMs: number
  /** Operations in flight at once (each holds one pooled connection). */
  concurrency: number
  seed: number
  /** Called about once a second with the running totals. */
  onProgress: ((stats: GenerateStats) => void) | null
  signal: AbortSignal | null
}

export interface GenerateStats {
  operations: number
  completed: number
  rejected: number
  /** Unexpected failures (not business rejections); the first one is kept in firstError. */
  errors: number
  firstError: string | null
  byKind: { transfer: number; deposit: number; withdrawal: number }
  /** Non-money changes (contacts added/removed, cards blocked/unblocked), not counted in operations. */
  profileChanges: number
  elapsedMs: number
  /** Source transactions per second: operations and profile changes. */
  achievedTps: number
}

interface Account {
  id: number
  customerId: number
  currency: string
}

const DESCRIPTIONS = [
  'Перевод другу',
  'Возврат долга',
  'Оплата аренды',
  'На подарок',
  'За обед',
  'Коммунальные услуги',
  null,
]

/**
 * Realistic bank activity: ~80% transfers between random accounts of one currency, ~10% deposits,
 * ~10% withdrawals. About 1 in 25 transfers asks for far more than the balance, so some are refused.
 * About 2% of slots change a profile instead (a second e-mail added or removed, a card blocked or
 * unblocked) so the stream also carries deletes and reference-data updates.
 */
export async function generateTraffic(db: BankDb, options: GenerateOptions): Promise<GenerateStats> {
  const { rows } = await db.pool.query<{ id: number; customer_id: number; currency_code: string }>(
    `SELECT a.id, a.customer_id, a.currency_code FROM accounts a
     WHERE a.status = 'open' AND a.customer_id IN (SELECT id FROM customers ORDER BY id LIMIT $1)
     ORDER BY a.id`,
    [options.customers],
  )
  const accounts: Account[] = rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    currency: r.currency_code,
  }))
  if (accounts.length < 2)
    throw new Error('The generator needs at least two open customer accounts: run `bank seed`')
  const byCurrency = new Map<string, Account[]>()
  for (const account of accounts) {
    const list = byCurrency.get(account.currency) ?? []
    list.push(account)
    byCurrency.set(account.currency, list)
  }

  const rng = mulberry32(options.seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!
  const rub = (min: number, max: number) => (min + Math.floor(rng() * (max - min) * 100) / 100).toFixed(2)
  const stats: GenerateStats = {
    operations: 0,
    completed: 0,
    rejected: 0,
    errors: 0,
    firstError: null,
    byKind: { transfer: 0, deposit: 0, withdrawal: 0 },
    profileChanges: 0,
    elapsedMs: 0,
    achievedTps: 0,
  }

  async function oneOperation(): Promise<OperationResult> {
    const roll = rng()
    const from = pick(accounts)
    const description = pick(DESCRIPTIONS)
    if (roll < 0.8) {
      const peers = byCurrency.get(from.currency)!
      let to = pick(peers)
      if (to.id === from.id)
        to = peers.length > 1 ? peers[(peers.indexOf(to) + 1) % peers.length]! : pick(accounts)
      stats.byKind.transfer++
      return transfer(db, {
        customerId: from.customerId,
        fromAccountId: from.id,
        toAccountId: to.id,
        amount: rng() < 0.04 ? rub(5_000_000, 9_000_000) : rub(50, 5_000),
        description,
        idempotencyKey: randomUUID(),
      })
    }
    const input = { customerId: from.customerId, accountId: from.id, description: null, idempotencyKey: null }
    if (roll < 0.9) {
      stats.byKind.deposit++
      return deposit(db, { ...input, amount: rub(1_000, 50_000) })
    }
    stats.byKind.withdrawal++
    return withdraw(db, { ...input, amount: rub(500, 30_000) })
  }

  const start = performance.now()
  const end = start + options.durationMs
  let issued = 0
  let lastReport = start
  const report = () => {
    stats.elapsedMs = performance.now() - start
    stats.achievedTps = (stats.operations + stats.profileChanges) / Math.max(0.001, stats.elapsedMs / 1000)
  }

  async function worker(): Promise<void> {
    for (;;) {
      if (options.signal?.aborted) return
      let now = performance.now()
      if (now >= end) return
      if (options.tps > 0) {
        // A shared schedule: slot k is due at start + k/tps, so workers together hold the rate.
        const due = start + (issued++ * 1000) / options.tps
        if (due >= end) return
        // Timers fire a millisecond late at best: sleeping for less would only lose slots, and
        // running a little early cannot exceed the rate (the slots are counted).
        if (due - now >= 1) await new Promise((resolve) => setTimeout(resolve, due - now))
      }
      try {
        // About 1 in 50 slots is a profile change instead of money: the CDC stream needs deletes too.
        if (rng() < 0.02) {
          const customerId = pick(accounts).customerId
          const change =
            rng() < 0.5 ? toggleSecondaryEmail(db.pool, customerId) : toggleCardBlock(db.pool, customerId)
          if ((await change) !== 'none') stats.profileChanges++
          continue
        }
        const result = await oneOperation()
        if (result.status === 'completed') stats.completed++
        else stats.rejected++
      } catch (error) {
        stats.errors++
        stats.firstError ??= (error as Error).message
      }
      stats.operations++
      now = performance.now()
      if (now - lastReport >= 1000) {
        lastReport = now
        report()
        options.onProgress?.({ ...stats })
      }
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, () => worker()))
  report()
  return stats
}
