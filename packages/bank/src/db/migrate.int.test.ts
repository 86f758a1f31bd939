import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createThrowawayDb, type ThrowawayDb } from '../testing/throwaway-db'
import { createBankDb } from './bank-db'

describe('bank migrations', () => {
  let throwaway: ThrowawayDb
  beforeAll(async () => {
    throwaway = await createThrowawayDb()
  })
  afterAll(async () => {
    await throwaway?.drop()
  })

  it('applies every migration once and is a no-op the second time', async () => {
    const db = createBankDb(throwaway.url)
    try {
      expect(await db.migrate()).toEqual(['001_schema', '002_replication', '003_execute_operation'])
      expect(await db.migrate()).toEqual([])
      const { rows } = await db.pool.query('SELECT code, minor_units FROM currencies ORDER BY code')
      expect(rows.map((r) => r.code)).toEqual(['CNY', 'EUR', 'RUB', 'USD'])
    } finally {
      await db.close()
    }
  })

  it('publishes the bank tables but not credentials or sessions, with replica identity DEFAULT', async () => {
    const client = new pg.Client({ connectionString: throwaway.url })
    await client.connect()
    try {
      const { rows } = await client.query<{ tablename: string; relreplident: string }>(
        `SELECT t.tablename, c.relreplident FROM pg_publication_tables t
         JOIN pg_class c ON c.relname = t.tablename AND c.relnamespace = 'public'::regnamespace
         WHERE t.pubname = 'vitrina_bank' ORDER BY t.tablename`,
      )
      expect(rows.map((r) => r.tablename)).toEqual([
        'account_types',
        'accounts',
        'branches',
        'cards',
        'currencies',
        'customer_addresses',
        'customer_contacts',
        'customers',
        'operations',
        'postings',
        'regions',
      ])
      expect(new Set(rows.map((r) => r.relreplident))).toEqual(new Set(['d']))
    } finally {
      await client.end()
    }
  })

  it('refuses a negative balance on a non-credit account and a posting in another currency', async () => {
    const client = new pg.Client({ connectionString: throwaway.url })
    await client.connect()
    try {
      await client.query(`INSERT INTO regions (code, name) VALUES ('T1', 'Test')`)
      await client.query(
        `INSERT INTO branches (code, region_id, name, city, address)
         SELECT 'TB-1', id, 'Test', 'Москва', 'ул. Тестовая, 1' FROM regions WHERE code = 'T1'`,
      )
      const insert = (balance: string, type: string, credit: boolean) =>
        client.query(
          `INSERT INTO accounts (number, customer_id, branch_id, currency_code, type_code, is_credit, balance)
           SELECT lpad((floor(random() * 1e15))::bigint::text, 20, '0'), NULL, id, 'RUB', $2, $3, $1
           FROM branches WHERE code = 'TB-1' RETURNING id`,
          [balance, type, credit],
        )
      await expect(insert('-1.00', 'current', false)).rejects.toThrow(/check constraint/)
      // is_credit must agree with the account type (composite foreign key).
      await expect(insert('-1.00', 'cash', false)).rejects.toThrow(/violates/)
      const desk = await insert('-5.00', 'cash', true)
      const op = await client.query(
        `INSERT INTO operations (kind, status) VALUES ('deposit', 'completed') RETURNING id`,
      )
      await expect(
        client.query(
          `INSERT INTO postings (operation_id, account_id, currency_code, amount) VALUES ($1, $2, 'USD', 1)`,
          [op.rows[0].id, desk.rows[0].id],
        ),
      ).rejects.toThrow(/foreign key/)
    } finally {
      await client.end()
    }
  })
})
