import type pg from 'pg'
import { accountNumber } from './account-number'

// A small, fixed branch network: enough regions for the "turnover by region" marts to be interesting.
const REGIONS = [
  { code: 'MOW', name: 'Москва' },
  { code: 'SPE', name: 'Санкт-Петербург' },
  { code: 'SVE', name: 'Свердловская область' },
  { code: 'NVS', name: 'Новосибирская область' },
  { code: 'TA', name: 'Республика Татарстан' },
] as const

const BRANCHES = [
  {
    code: 'MOW-01',
    region: 'MOW',
    name: 'Отделение «Тверское»',
    city: 'Москва',
    address: 'ул. Тверская, д. 12',
  },
  {
    code: 'MOW-02',
    region: 'MOW',
    name: 'Отделение «Арбатское»',
    city: 'Москва',
    address: 'ул. Арбат, д. 24',
  },
  {
    code: 'SPE-01',
    region: 'SPE',
    name: 'Отделение «Невское»',
    city: 'Санкт-Петербург',
    address: 'Невский пр., д. 48',
  },
  {
    code: 'EKB-01',
    region: 'SVE',
    name: 'Отделение «Уральское»',
    city: 'Екатеринбург',
    address: 'ул. Ленина, д. 5',
  },
  {
    code: 'NSK-01',
    region: 'NVS',
    name: 'Отделение «Сибирское»',
    city: 'Новосибирск',
    address: 'Красный пр., д. 30',
  },
  {
    code: 'KZN-01',
    region: 'TA',
    name: 'Отделение «Казанское»',
    city: 'Казань',
    address: 'ул. Баумана, д. 9',
  },
] as const

export interface BranchRef {
  id: number
  code: string
  city: string
}

/** Regions, branches and one cash desk per branch and currency; safe to run repeatedly. */
export async function ensureReferenceData(client: pg.ClientBase): Promise<BranchRef[]> {
  await client.query(
    `INSERT INTO regions (code, name) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (code) DO NOTHING`,
    [REGIONS.map((r) => r.code), REGIONS.map((r) => r.name)],
  )
  await client.query(
    `INSERT INTO branches (code, region_id, name, city, address)
     SELECT b.code, r.id, b.name, b.city, b.address
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS b (code, region, name, city, address)
     JOIN regions r ON r.code = b.region
     ON CONFLICT (code) DO NOTHING`,
    [
      BRANCHES.map((b) => b.code),
      BRANCHES.map((b) => b.region),
      BRANCHES.map((b) => b.name),
      BRANCHES.map((b) => b.city),
      BRANCHES.map((b) => b.address),
    ],
  )
  const { rows: missing } = await client.query<{ branch_id: number; currency_code: string }>(
    `SELECT b.id AS branch_id, c.code AS currency_code FROM branches b CROSS JOIN currencies c
     WHERE NOT EXISTS (SELECT 1 FROM accounts a
                       WHERE a.branch_id = b.id AND a.currency_code = c.code AND a.type_code = 'cash')
     ORDER BY b.id, c.code`,
  )
  if (missing.length > 0) {
    const ids = await allocateIds(client, 'accounts', missing.length)
    await client.query(
      `INSERT INTO accounts (id, number, customer_id, branch_id, currency_code, type_code, is_credit)
       OVERRIDING SYSTEM VALUE
       SELECT id, number, NULL, branch_id, currency_code, 'cash', true
       FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[]) AS d (id, number, branch_id, currency_code)`,
      [
        ids,
        missing.map((m, i) => accountNumber('cash', m.currency_code, m.branch_id, ids[i]!)),
        missing.map((m) => m.branch_id),
        missing.map((m) => m.currency_code),
      ],
    )
  }
  const { rows } = await client.query<BranchRef>('SELECT id, code, city FROM branches ORDER BY id')
  return rows
}

/**
 * Takes ids from a table's identity sequence before inserting, so one batch can insert parents and
 * children (and derive account numbers from ids) without relying on the order of RETURNING.
 */
export async function allocateIds(client: pg.ClientBase, table: string, count: number): Promise<number[]> {
  const { rows } = await client.query<{ id: number }>(
    `SELECT nextval(pg_get_serial_sequence($1, 'id'))::bigint AS id FROM generate_series(1, $2)`,
    [table, count],
  )
  return rows.map((row) => Number(row.id))
}
