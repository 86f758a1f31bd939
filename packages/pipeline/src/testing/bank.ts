import { readFileSync } from 'node:fs'
import pg from 'pg'

const MIGRATIONS = ['001_schema.sql', '002_replication.sql'].map(
  (f) => new URL(`../../../bank/src/db/migrations/${f}`, import.meta.url),
)

/** The bank's own schema (packages/bank migrations) plus a small seeded book of accounts. */
export async function createBankSource(url: string, customers = 40): Promise<void> {
  const c = new pg.Client(url)
  await c.connect()
  try {
    for (const m of MIGRATIONS) await c.query(readFileSync(m, 'utf8'))
    await c.query(`
      INSERT INTO regions (code, name) VALUES ('MSK', 'Москва'), ('SPB', 'Санкт-Петербург');
      INSERT INTO branches (code, region_id, name, city, address)
        SELECT 'BR-' || g, 1 + g % 2, 'Branch ' || g, 'City ' || g, 'Street ' || g FROM generate_series(1, 3) g;
      INSERT INTO customers (last_name, first_name, birth_date, home_branch_id)
        SELECT 'Last' || g, 'First' || g, DATE '1980-01-01' + g, 1 + g % 3 FROM generate_series(1, ${customers}) g;
      INSERT INTO accounts (number, customer_id, branch_id, currency_code, type_code, is_credit)
        SELECT lpad(g::text, 20, '0'), NULL, g, 'RUB', 'cash', true FROM generate_series(1, 3) g;
      INSERT INTO accounts (number, customer_id, branch_id, currency_code, type_code, is_credit)
        SELECT lpad((100 + id)::text, 20, '0'), id, home_branch_id, 'RUB', 'current', false FROM customers;
    `)
    // Opening deposits: one operation, two postings, two balance updates each, as the bank does.
    const accounts = await c.query(
      `SELECT id, branch_id, customer_id FROM accounts WHERE type_code = 'current'`,
    )
    for (const a of accounts.rows) await deposit(c, a.id, a.branch_id, a.customer_id, 10_000)
  } finally {
    await c.end()
  }
}

async function deposit(c: pg.ClientBase, account: number, branch: number, customer: number, amount: number) {
  await c.query('BEGIN')
  const cash = await c.query(
    `SELECT id FROM accounts WHERE branch_id = $1 AND type_code = 'cash' FOR UPDATE`,
    [branch],
  )
  const op = await c.query(
    `INSERT INTO operations (kind, status, customer_id) VALUES ('deposit', 'completed', $1) RETURNING id`,
    [customer],
  )
  await c.query(
    `INSERT INTO postings (operation_id, account_id, currency_code, amount) VALUES ($1, $2, 'RUB', $3), ($1, $4, 'RUB', $5)`,
    [op.rows[0].id, cash.rows[0].id, -amount, account, amount],
  )
  await c.query(`UPDATE accounts SET balance = balance - $2, updated_at = now() WHERE id = $1`, [
    cash.rows[0].id,
    amount,
  ])
  await c.query(`UPDATE accounts SET balance = balance + $2, updated_at = now() WHERE id = $1`, [
    account,
    amount,
  ])
  await c.query('COMMIT')
}

/** A transfer as the bank books it: rows locked in id order, no negative balance, one transaction. */
export async function transfer(c: pg.ClientBase, from: number, to: number, amount: number): Promise<boolean> {
  await c.query('BEGIN')
  try {
    const rows = await c.query(
      `SELECT id, balance, customer_id FROM accounts WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
      [[from, to]],
    )
    const src = rows.rows.find((r) => Number(r.id) === from)
    if (!src || Number(src.balance) < amount) {
      await c.query(
        `INSERT INTO operations (kind, status, customer_id, failure_code) VALUES ('transfer', 'rejected', $1, 'INSUFFICIENT_FUNDS')`,
        [src?.customer_id ?? null],
      )
      await c.query('COMMIT')
      return false
    }
    const op = await c.query(
      `INSERT INTO operations (kind, status, customer_id) VALUES ('transfer', 'completed', $1) RETURNING id`,
      [src.customer_id],
    )
    await c.query(
      `INSERT INTO postings (operation_id, account_id, currency_code, amount) VALUES ($1, $2, 'RUB', $3), ($1, $4, 'RUB', $5)`,
      [op.rows[0].id, from, -amount, to, amount],
    )
    await c.query(`UPDATE accounts SET balance = balance - $2, updated_at = now() WHERE id = $1`, [
      from,
      amount,
    ])
    await c.query(`UPDATE accounts SET balance = balance + $2, updated_at = now() WHERE id = $1`, [
      to,
      amount,
    ])
    await c.query('COMMIT')
    return true
  } catch (err) {
    await c.query('ROLLBACK')
    throw err
  }
}

/** Concurrent random transfers between customer accounts until stopped (or `maxTransfers`). */
export function startTransfers(url: string, opts: { clients: number; maxTransfers?: number; tps?: number }) {
  let stopped = false
  let done = 0
  const worker = async () => {
    const c = new pg.Client(url)
    c.on('error', () => undefined)
    await c.connect()
    try {
      const ids = (await c.query(`SELECT id FROM accounts WHERE type_code = 'current'`)).rows.map((r) =>
        Number(r.id),
      )
      const started = Date.now()
      while (!stopped && (opts.maxTransfers === undefined || done < opts.maxTransfers)) {
        const from = ids[Math.floor(Math.random() * ids.length)]!
        let to = ids[Math.floor(Math.random() * ids.length)]!
        if (to === from) to = ids[(ids.indexOf(from) + 1) % ids.length]!
        await transfer(c, from, to, 1 + Math.floor(Math.random() * 3000))
        done++
        if (opts.tps) {
          const due = started + ((done / opts.tps) * 1000 * opts.clients) / opts.clients
          const wait = due - Date.now()
          if (wait > 0) await new Promise((r) => setTimeout(r, wait))
        }
      }
    } finally {
      await c.end()
    }
  }
  const workers = Array.from({ length: opts.clients }, () => worker())
  return {
    get done() {
      return done
    },
    async stop() {
      stopped = true
      await Promise.all(workers)
    },
    finished: () => Promise.all(workers),
  }
}

/**
 * No gap and no double in the vault's account history: after the snapshot version, every balance
 * version of an account is the previous one plus the next posting of that account (postings of one
 * account commit in id order: the bank locks the account before inserting them). Returns the
 * number of accounts whose history disagrees.
 */
export async function balanceHistoryGaps(target: string): Promise<number> {
  const c = new pg.Client(target)
  await c.connect()
  try {
    const versions = await c.query(
      `SELECT h.account_id::text AS id, s.balance::text AS balance
         FROM vault.sat_account s JOIN vault.hub_account h USING (hk) ORDER BY h.account_id, s.lsn, s.seq`,
    )
    const postings = await c.query(
      `SELECT s.account_id::text AS id, s.amount::text AS amount
         FROM vault.sat_posting s JOIN vault.hub_posting h USING (hk)
        WHERE s.lsn > (SELECT min(lsn) FROM vault.sat_account) ORDER BY s.account_id, h.posting_id`,
    )
    const cents = (v: string) => BigInt(v.replace('.', ''))
    const group = (rows: { id: string }[], value: (r: never) => bigint) => {
      const out = new Map<string, bigint[]>()
      for (const r of rows) out.set(r.id, [...(out.get(r.id) ?? []), value(r as never)])
      return out
    }
    const balances = group(versions.rows, (r: { balance: string }) => cents(r.balance))
    const amounts = group(postings.rows, (r: { amount: string }) => cents(r.amount))
    let bad = 0
    for (const id of new Set([...balances.keys(), ...amounts.keys()])) {
      const b = balances.get(id) ?? []
      const a = amounts.get(id) ?? []
      const consistent = b.length === a.length + 1 && a.every((amount, k) => b[k + 1] === b[k]! + amount)
      if (!consistent) bad++
    }
    return bad
  } finally {
    await c.end()
  }
}
