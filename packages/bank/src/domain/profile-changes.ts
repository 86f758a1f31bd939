import type pg from 'pg'

/**
 * The non-money changes a real bank's customers make: they give a second e-mail and remove it
 * later, block and unblock a card. They give the CDC pipeline inserts, updates and DELETEs on the
 * reference side of the schema, not only on the ledger.
 */
export type ProfileChange = 'contact-added' | 'contact-removed' | 'card-blocked' | 'card-unblocked' | 'none'

export async function toggleSecondaryEmail(pool: pg.Pool, customerId: number): Promise<ProfileChange> {
  const removed = await pool.query(
    `DELETE FROM customer_contacts WHERE customer_id = $1 AND kind = 'email' AND NOT is_primary`,
    [customerId],
  )
  if ((removed.rowCount ?? 0) > 0) return 'contact-removed'
  const added = await pool.query(
    `INSERT INTO customer_contacts (customer_id, kind, value)
     VALUES ($1, 'email', 'second' || $1::bigint || '.' || floor(random() * 1e6)::int || '@example.com')
     ON CONFLICT DO NOTHING`,
    [customerId],
  )
  return (added.rowCount ?? 0) > 0 ? 'contact-added' : 'none'
}

export async function toggleCardBlock(pool: pg.Pool, customerId: number): Promise<ProfileChange> {
  const { rows } = await pool.query<{ status: string }>(
    `UPDATE cards c SET status = CASE c.status WHEN 'active' THEN 'blocked' ELSE 'active' END, updated_at = now()
     FROM accounts a
     WHERE a.id = c.account_id AND a.customer_id = $1 AND c.status IN ('active', 'blocked')
       AND c.id = (SELECT min(c2.id) FROM cards c2 JOIN accounts a2 ON a2.id = c2.account_id WHERE a2.customer_id = $1)
     RETURNING c.status`,
    [customerId],
  )
  if (rows.length === 0) return 'none'
  return rows[0]!.status === 'blocked' ? 'card-blocked' : 'card-unblocked'
}
