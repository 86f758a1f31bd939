/**
 * The bank's business vault: current-state views, the account point-in-time table and the BI marts.
 * `{{schema}}` is replaced by the vault schema. Kept as a module, not a .sql file read at run time,
 * so it travels inside the server bundle like any other code.
 */
export const BUSINESS_VAULT_SQL = `
-- Business vault over the raw bank vault. {{schema}} is the vault schema. The raw vault's cur_* views
-- (latest satellite version per key, minus deleted keys) are created by the loader.

-- Accounts as they are now, with their branch, region and owner resolved.
CREATE OR REPLACE VIEW {{schema}}.bv_account AS
SELECT ha.account_id, a.number, a.customer_id, a.branch_id, b.code AS branch_code, b.name AS branch_name,
       r.code AS region_code, r.name AS region_name, a.currency_code, a.type_code, a.is_credit,
       a.credit_limit, a.balance, a.status, a.opened_at, a.closed_at, a.updated_at, a.hk
  FROM {{schema}}.cur_account a
  JOIN {{schema}}.hub_account ha ON ha.hk = a.hk
  LEFT JOIN {{schema}}.hub_branch hb ON hb.branch_id = a.branch_id
  LEFT JOIN {{schema}}.cur_branch b ON b.hk = hb.hk
  LEFT JOIN {{schema}}.hub_region hr ON hr.region_id = b.region_id
  LEFT JOIN {{schema}}.cur_region r ON r.hk = hr.hk;

-- Point in time: for every account and every day since its first version, which satellite version
-- (lsn, seq) was valid at the end of that day (by source commit time), with the balance then.
CREATE OR REPLACE VIEW {{schema}}.pit_account AS
SELECT h.hk, h.account_id, d.day::date AS snapshot_date, v.lsn AS sat_account_lsn, v.seq AS sat_account_seq,
       v.balance, v.status
  FROM {{schema}}.hub_account h
 CROSS JOIN LATERAL generate_series(
         (SELECT min(s.source_ts)::date FROM {{schema}}.sat_account s WHERE s.hk = h.hk),
         current_date, interval '1 day') AS d(day)
 CROSS JOIN LATERAL (
         SELECT s.lsn, s.seq, s.balance, s.status FROM {{schema}}.sat_account s
          WHERE s.hk = h.hk AND s.source_ts < d.day + interval '1 day'
          ORDER BY s.lsn DESC, s.seq DESC LIMIT 1) v;

CREATE INDEX IF NOT EXISTS sat_account_source_ts ON {{schema}}.sat_account (hk, source_ts);

-- Mart: daily turnover (debits, credits, count) by branch, region and currency.
CREATE OR REPLACE VIEW {{schema}}.mart_daily_turnover AS
SELECT p.created_at::date AS day, a.branch_code, a.branch_name, a.region_code, a.region_name, p.currency_code,
       sum(CASE WHEN p.amount < 0 THEN -p.amount ELSE 0 END) AS debit_turnover,
       sum(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END) AS credit_turnover,
       count(*) AS postings
  FROM {{schema}}.cur_posting p
  JOIN {{schema}}.bv_account a ON a.account_id = p.account_id
 GROUP BY 1, 2, 3, 4, 5, 6;

-- Mart: current balances per branch, region, currency and account type.
CREATE OR REPLACE VIEW {{schema}}.mart_balances AS
SELECT branch_code, branch_name, region_code, region_name, currency_code, type_code,
       count(*) AS accounts, sum(balance) AS balance
  FROM {{schema}}.bv_account
 WHERE status <> 'closed'
 GROUP BY 1, 2, 3, 4, 5, 6;

-- Mart: customers active now (status active and a completed operation in the last 30 days).
CREATE OR REPLACE VIEW {{schema}}.mart_active_customers AS
SELECT c.home_branch_id AS branch_id, b.code AS branch_code, r.code AS region_code,
       count(*) FILTER (WHERE c.status = 'active') AS customers,
       count(*) FILTER (WHERE c.status = 'active' AND o.last_operation_at >= now() - interval '30 days')
         AS active_customers
  FROM {{schema}}.cur_customer c
  JOIN {{schema}}.hub_customer hc ON hc.hk = c.hk
  LEFT JOIN (SELECT customer_id, max(created_at) AS last_operation_at FROM {{schema}}.cur_operation
              WHERE status = 'completed' GROUP BY customer_id) o ON o.customer_id = hc.customer_id
  LEFT JOIN {{schema}}.hub_branch hb ON hb.branch_id = c.home_branch_id
  LEFT JOIN {{schema}}.cur_branch b ON b.hk = hb.hk
  LEFT JOIN {{schema}}.hub_region hr ON hr.region_id = b.region_id
  LEFT JOIN {{schema}}.cur_region r ON r.hk = hr.hk
 GROUP BY 1, 2, 3;
`
