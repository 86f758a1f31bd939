import type pg from 'pg'

export interface ReconciliationReport {
  /** Completed operations whose postings do not sum to zero in some currency. */
  unbalancedOperations: number
  /** Accounts whose balance differs from the sum of their postings. */
  balanceMismatches: number
  /** Non-credit accounts below zero (the CHECK constraint should make this impossible). */
  negativeBalances: number
  /** Completed operations without postings or rejected ones with postings. */
  malformedOperations: number
  ok: boolean
}

/** Proves the double-entry invariants over the whole ledger. */
export async function reconcile(pool: pg.Pool): Promise<ReconciliationReport> {
  const { rows } = await pool.query<Omit<ReconciliationReport, 'ok'>>(`
    SELECT
      (SELECT count(*) FROM (
         SELECT operation_id FROM postings GROUP BY operation_id, currency_code HAVING sum(amount) <> 0
       ) u)::int AS "unbalancedOperations",
      (SELECT count(*) FROM accounts a
         LEFT JOIN (SELECT account_id, sum(amount) AS total FROM postings GROUP BY account_id) p
           ON p.account_id = a.id
       WHERE a.balance <> coalesce(p.total, 0))::int AS "balanceMismatches",
      (SELECT count(*) FROM accounts WHERE NOT is_credit AND balance < 0)::int AS "negativeBalances",
      (SELECT count(*) FROM operations o
       WHERE (o.status = 'completed') <> EXISTS (SELECT 1 FROM postings p WHERE p.operation_id = o.id))::int
        AS "malformedOperations"`)
  const row = rows[0]!
  return {
    ...row,
    ok:
      row.unbalancedOperations === 0 &&
      row.balanceMismatches === 0 &&
      row.negativeBalances === 0 &&
      row.malformedOperations === 0,
  }
}
