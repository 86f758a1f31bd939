import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BankError } from '../errors'
import { createTestBank, rubAccount, type TestBank, testCustomer } from '../testing/fixtures'
import { deposit, transfer, withdraw } from './operations'
import { reconcile } from './reconciliation'

async function balances(bank: TestBank, ids: number[]): Promise<string[]> {
  const { rows } = await bank.db.pool.query<{ balance: string }>(
    'SELECT balance FROM accounts WHERE id = ANY($1) ORDER BY array_position($1, id)',
    [ids],
  )
  return rows.map((r) => r.balance)
}

describe('money operations', () => {
  let bank: TestBank
  beforeAll(async () => {
    bank = await createTestBank()
  })
  afterAll(async () => {
    await bank?.close()
  })

  it('transfers between customers with two postings that sum to zero', async () => {
    const anna = await testCustomer(bank.db, 'anna', 'secret-pass-1', [rubAccount(1000)])
    const boris = await testCustomer(bank.db, 'boris', 'secret-pass-2', [rubAccount(0)])
    const result = await transfer(bank.db, {
      customerId: anna.id,
      fromAccountId: anna.accountIds[0]!,
      toAccountId: boris.accountIds[0]!,
      amount: '250.50',
      description: 'Долг',
      idempotencyKey: null,
    })
    expect(result.status).toBe('completed')
    expect(result.postings).toEqual([
      { accountId: anna.accountIds[0], currency: 'RUB', amount: '-250.50' },
      { accountId: boris.accountIds[0], currency: 'RUB', amount: '250.50' },
    ])
    expect(await balances(bank, [anna.accountIds[0]!, boris.accountIds[0]!])).toEqual(['749.50', '250.50'])
    expect((await reconcile(bank.db.pool)).ok).toBe(true)
  })

  it('records a rejected operation instead of going negative', async () => {
    const c = await testCustomer(bank.db, 'carl', 'secret-pass-3', [
      rubAccount(100),
      rubAccount(0, 'savings'),
    ])
    const result = await transfer(bank.db, {
      customerId: c.id,
      fromAccountId: c.accountIds[0]!,
      toAccountId: c.accountIds[1]!,
      amount: '100.01',
      description: null,
      idempotencyKey: null,
    })
    expect(result).toMatchObject({ status: 'rejected', failureCode: 'BANK_INSUFFICIENT_FUNDS', postings: [] })
    expect(await balances(bank, c.accountIds)).toEqual(['100.00', '0.00'])
  })

  it("refuses to debit someone else's account as if it did not exist", async () => {
    const d = await testCustomer(bank.db, 'dina', 'secret-pass-4', [rubAccount(500)])
    const e = await testCustomer(bank.db, 'egor', 'secret-pass-5', [rubAccount(500)])
    const attempt = transfer(bank.db, {
      customerId: e.id,
      fromAccountId: d.accountIds[0]!,
      toAccountId: e.accountIds[0]!,
      amount: '1',
      description: null,
      idempotencyKey: null,
    })
    await expect(attempt).rejects.toMatchObject({ code: 'BANK_ACCOUNT_NOT_FOUND', status: 404 })
    await expect(
      transfer(bank.db, {
        customerId: e.id,
        fromAccountId: e.accountIds[0]!,
        toAccountId: e.accountIds[0]!,
        amount: '1',
        description: null,
        idempotencyKey: null,
      }),
    ).rejects.toBeInstanceOf(BankError)
    await expect(
      transfer(bank.db, {
        customerId: e.id,
        fromAccountId: e.accountIds[0]!,
        toAccountId: d.accountIds[0]!,
        amount: '1.001',
        description: null,
        idempotencyKey: null,
      }),
    ).rejects.toMatchObject({ code: 'BANK_INVALID_AMOUNT' })
  })

  it('replays the original result for a repeated idempotency key and never double-spends', async () => {
    const f = await testCustomer(bank.db, 'fedor', 'secret-pass-6', [
      rubAccount(1000),
      rubAccount(0, 'savings'),
    ])
    const input = {
      customerId: f.id,
      fromAccountId: f.accountIds[0]!,
      toAccountId: f.accountIds[1]!,
      amount: '300',
      description: 'Копилка',
      idempotencyKey: 'key-1',
    }
    // Ten concurrent retries of the same request: exactly one executes.
    const results = await Promise.all(Array.from({ length: 10 }, () => transfer(bank.db, input)))
    expect(new Set(results.map((r) => r.operationId)).size).toBe(1)
    expect(results.filter((r) => !r.replayed)).toHaveLength(1)
    expect(results.every((r) => r.postings.length === 2)).toBe(true)
    expect(await balances(bank, f.accountIds)).toEqual(['700.00', '300.00'])

    await expect(transfer(bank.db, { ...input, amount: '301' })).rejects.toMatchObject({
      code: 'BANK_IDEMPOTENCY_CONFLICT',
      status: 409,
    })
    // A rejection is replayed too: the retry of a refused request is refused the same way.
    const refused = await transfer(bank.db, { ...input, amount: '5000', idempotencyKey: 'key-2' })
    await deposit(bank.db, {
      customerId: f.id,
      accountId: f.accountIds[0]!,
      amount: '9000',
      description: null,
      idempotencyKey: null,
    })
    const retry = await transfer(bank.db, { ...input, amount: '5000', idempotencyKey: 'key-2' })
    expect(retry).toMatchObject({ operationId: refused.operationId, status: 'rejected', replayed: true })
  })

  it('pays cash in and out through the branch cash desk', async () => {
    const g = await testCustomer(bank.db, 'galina', 'secret-pass-7', [rubAccount(0)])
    const accountId = g.accountIds[0]!
    const depositResult = await deposit(bank.db, {
      customerId: g.id,
      accountId,
      amount: '1000',
      description: null,
      idempotencyKey: null,
    })
    expect(depositResult.postings.map((p) => p.amount)).toEqual(['-1000.00', '1000.00'])
    const out = await withdraw(bank.db, {
      customerId: g.id,
      accountId,
      amount: '400',
      description: null,
      idempotencyKey: null,
    })
    expect(out.status).toBe('completed')
    const tooMuch = await withdraw(bank.db, {
      customerId: g.id,
      accountId,
      amount: '600.01',
      description: null,
      idempotencyKey: null,
    })
    expect(tooMuch.failureCode).toBe('BANK_INSUFFICIENT_FUNDS')
    expect(await balances(bank, [accountId])).toEqual(['600.00'])
    expect((await reconcile(bank.db.pool)).ok).toBe(true)
  })

  it('records refusals for a frozen account and for a transfer across currencies', async () => {
    const usd = { ...rubAccount(100), currency: 'USD' }
    const k = await testCustomer(bank.db, 'kira', 'secret-pass-10', [
      rubAccount(500),
      rubAccount(0, 'savings'),
      usd,
    ])
    const [current, savings, dollars] = k.accountIds as [number, number, number]
    const base = { customerId: k.id, fromAccountId: current, description: null, idempotencyKey: null }
    const crossCurrency = await transfer(bank.db, { ...base, toAccountId: dollars, amount: '10' })
    expect(crossCurrency).toMatchObject({
      status: 'rejected',
      failureCode: 'BANK_CURRENCY_MISMATCH',
      postings: [],
    })
    await bank.db.pool.query(`UPDATE accounts SET status = 'frozen' WHERE id = $1`, [savings])
    const frozen = await transfer(bank.db, { ...base, toAccountId: savings, amount: '10' })
    expect(frozen.failureCode).toBe('BANK_ACCOUNT_NOT_OPEN')
    const cash = await deposit(bank.db, {
      customerId: k.id,
      accountId: savings,
      amount: '1',
      description: null,
      idempotencyKey: null,
    })
    expect(cash.failureCode).toBe('BANK_ACCOUNT_NOT_OPEN')
    expect(await balances(bank, [current, savings, dollars])).toEqual(['500.00', '0.00', '100.00'])
  })

  it('lets a credit account use its credit line and no more', async () => {
    const h = await testCustomer(bank.db, 'hasan', 'secret-pass-8', [rubAccount(0, 'credit'), rubAccount(0)])
    const [credit, current] = h.accountIds as [number, number]
    const base = {
      customerId: h.id,
      fromAccountId: credit,
      toAccountId: current,
      description: null,
      idempotencyKey: null,
    }
    expect((await transfer(bank.db, { ...base, amount: '10000' })).status).toBe('completed')
    expect((await transfer(bank.db, { ...base, amount: '0.01' })).failureCode).toBe('BANK_INSUFFICIENT_FUNDS')
    expect(await balances(bank, [credit, current])).toEqual(['-10000.00', '10000.00'])
  })

  it('keeps money conserved and balances non-negative under 200 concurrent transfers', async () => {
    const customers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        testCustomer(bank.db, `conc${i}`, 'secret-pass-9', [rubAccount(100)]),
      ),
    )
    const ids = customers.map((c) => c.accountIds[0]!)
    const totalBefore = await bank.db.pool.query<{ total: string }>(
      'SELECT sum(balance) AS total FROM accounts WHERE id = ANY($1)',
      [ids],
    )
    let seed = 7
    const rnd = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
      return seed % n
    }
    const jobs = Array.from({ length: 200 }, () => {
      const from = rnd(10)
      const to = (from + 1 + rnd(9)) % 10
      return transfer(bank.db, {
        customerId: customers[from]!.id,
        fromAccountId: ids[from]!,
        toAccountId: ids[to]!,
        amount: String(10 + rnd(40)),
        description: null,
        idempotencyKey: null,
      })
    })
    const results = await Promise.all(jobs)
    const completed = results.filter((r) => r.status === 'completed').length
    expect(completed).toBeGreaterThan(0)
    expect(results.length - completed).toBe(
      results.filter((r) => r.failureCode === 'BANK_INSUFFICIENT_FUNDS').length,
    )
    const after = await bank.db.pool.query<{ total: string; min: string }>(
      'SELECT sum(balance) AS total, min(balance) AS min FROM accounts WHERE id = ANY($1)',
      [ids],
    )
    expect(after.rows[0]!.total).toBe(totalBefore.rows[0]!.total)
    expect(Number(after.rows[0]!.min)).toBeGreaterThanOrEqual(0)
    const report = await reconcile(bank.db.pool)
    expect(report).toEqual({
      unbalancedOperations: 0,
      balanceMismatches: 0,
      negativeBalances: 0,
      malformedOperations: 0,
      ok: true,
    })
  })
})
