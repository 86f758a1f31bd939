import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bankVaultConfig } from './bank/vault-config'
import { init } from './init'
import { run } from './loader'
import { parseLsn } from './lsn'
import { reconcile } from './reconcile'
import { createBankSource, startTransfers } from './testing/bank'
import { startCluster, type TestCluster } from './testing/cluster'

const quiet = () => undefined

describe('the bank streamed into its Data Vault', () => {
  let cluster: TestCluster
  let source: string
  let target: string
  beforeAll(async () => {
    cluster = await startCluster()
    const suffix = randomBytes(3).toString('hex')
    await cluster.createDatabase(`bank_${suffix}`)
    await cluster.createDatabase(`dwh_${suffix}`)
    source = cluster.url(`bank_${suffix}`)
    target = cluster.url(`dwh_${suffix}`)
    await createBankSource(source)
  })
  afterAll(() => cluster?.destroy())

  const q = async (url: string, sql: string) => {
    const c = new pg.Client(url)
    await c.connect()
    try {
      return (await c.query(sql)).rows
    } finally {
      await c.end()
    }
  }

  it('keeps balances consistent in source and vault under concurrent transfers', async () => {
    const base = {
      source,
      target,
      config: bankVaultConfig(),
      slot: 'vitrina_bank',
      publication: 'vitrina_bank',
    }
    await init({ ...base, log: quiet })
    const ac = new AbortController()
    const loader = run({ ...base, log: quiet, signal: ac.signal, batchMaxMs: 50 })
    const transfers = startTransfers(source, { clients: 4, maxTransfers: 400 })
    await transfers.finished()
    ac.abort()
    await loader
    const lsn = parseLsn((await q(source, `SELECT pg_current_wal_insert_lsn()::text AS l`))[0].l)
    await run({ ...base, log: quiet, stopAtLsn: lsn })

    // Source: double entry holds and no balance went negative.
    const srcCheck = await q(
      source,
      `SELECT count(*) FILTER (WHERE a.balance <> COALESCE(p.sum, 0))::int AS drift,
              count(*) FILTER (WHERE a.type_code = 'current' AND a.balance < 0)::int AS negative,
              (SELECT sum(amount) FROM postings)::text AS total
         FROM accounts a LEFT JOIN (SELECT account_id, sum(amount) AS sum FROM postings GROUP BY 1) p
           ON p.account_id = a.id`,
    )
    expect(srcCheck).toEqual([{ drift: 0, negative: 0, total: '0.00' }])
    // Vault: the same invariants on the business vault, and the same balances as the source.
    const vaultCheck = await q(
      target,
      `SELECT count(*) FILTER (WHERE a.balance <> COALESCE(p.sum, 0))::int AS drift,
              (SELECT sum(amount) FROM vault.cur_posting)::text AS total
         FROM vault.bv_account a LEFT JOIN (SELECT account_id, sum(amount) AS sum FROM vault.cur_posting GROUP BY 1) p
           ON p.account_id = a.account_id`,
    )
    expect(vaultCheck).toEqual([{ drift: 0, total: '0.00' }])
    const srcBalances = await q(source, `SELECT id::int, balance::text FROM accounts ORDER BY id`)
    const vaultBalances = await q(
      target,
      `SELECT account_id::int AS id, balance::text FROM vault.bv_account ORDER BY 1`,
    )
    expect(vaultBalances).toEqual(srcBalances)
    const rec = await reconcile(base)
    expect(rec.satellites.filter((s) => !(s.missing === 0 && s.extra === 0 && s.mismatched === 0))).toEqual(
      [],
    )
    expect(rec.ok).toBe(true)
  })

  it('serves the business vault: point in time, turnover, balances and active customers', async () => {
    const turnover = await q(
      target,
      `SELECT sum(debit_turnover)::text AS d, sum(credit_turnover)::text AS c, count(DISTINCT region_code)::int AS regions
         FROM vault.mart_daily_turnover`,
    )
    expect(turnover[0].d).toBe(turnover[0].c)
    expect(turnover[0].regions).toBe(2)
    const balances = await q(target, `SELECT sum(balance)::text AS b FROM vault.mart_balances`)
    expect(balances[0].b).toBe('0.00')
    const active = await q(target, `SELECT sum(active_customers)::int AS n FROM vault.mart_active_customers`)
    expect(active[0].n).toBeGreaterThan(0)
    const pit = await q(
      target,
      `SELECT count(*)::int AS n FROM vault.pit_account p JOIN vault.bv_account a USING (account_id)
        WHERE p.snapshot_date = current_date AND p.balance <> a.balance`,
    )
    expect(pit[0].n).toBe(0)
  })
})
