import { randomBytes } from 'node:crypto'
import { DuckDBInstance } from '@duckdb/node-api'
import type { CatalogColumnType, ResultColumn, SqlDialect } from '@vitrina/contracts'
import mysql from 'mysql2/promise'
import pg from 'pg'

/** A real engine holding the conformance dataset, for integration tests only. */
export interface TestEngine {
  dialect: SqlDialect
  /** Schema the dataset lives in (MySQL: the throwaway database). */
  schema: string
  query(sql: string, params: unknown[]): Promise<unknown[][]>
  /** Runs inside a read-only transaction (DuckDB: a read-only connection to a database file). */
  queryReadOnly(sql: string, params: unknown[]): Promise<unknown[][]>
  close(): Promise<void>
}

export { DIALECTS } from './dialects'

const REGIONS: [string, string, string | null][] = [
  ['msk', 'Москва', 'Иванов'],
  ['spb', 'Санкт-Петербург', 'Петров'],
  ['kzn', 'Казань', null],
]

/** id, region, sold_on, amount, qty: a NULL and an empty region, a zero and a NULL qty, a Monday and a Sunday. */
export const SALES: [number, string | null, string, string, number | null][] = [
  [1, 'msk', '2024-01-15', '100.50', 2],
  [2, 'msk', '2024-02-03', '200.00', 4],
  [3, 'spb', '2024-02-10', '50.25', 1],
  [4, 'spb', '2024-03-04', '75.00', 3],
  [5, 'kzn', '2024-03-10', '300.00', 0],
  [6, 'msk', '2024-04-01', '10.00', 5],
  [7, null, '2024-04-20', '20.00', null],
  [8, '', '2024-05-02', '5.50', 1],
  [9, 'spb', '2024-05-14', '42.00', 2],
  [10, 'msk', '2023-12-31', '99.99', 1],
]

function ddl(schema: string, q: (name: string) => string, text: string, timestamp: string): string[] {
  return [
    `CREATE TABLE ${q(schema)}.${q('regions')} (${q('code')} ${text} PRIMARY KEY, ${q('name')} ${text} NOT NULL, ${q('manager')} ${text})`,
    `CREATE TABLE ${q(schema)}.${q('sales')} (${q('id')} INTEGER PRIMARY KEY, ${q('region')} ${text}, ${q('sold_on')} DATE NOT NULL, ${q('amount')} DECIMAL(12, 2) NOT NULL, ${q('qty')} INTEGER, ${q('created_at')} ${timestamp} NOT NULL)`,
  ]
}

async function load(
  engine: Pick<TestEngine, 'schema'>,
  exec: (sql: string, params: unknown[]) => Promise<unknown>,
  q: (name: string) => string,
  placeholders: (n: number) => string,
): Promise<void> {
  for (const row of REGIONS) {
    await exec(`INSERT INTO ${q(engine.schema)}.${q('regions')} VALUES (${placeholders(3)})`, row)
  }
  // created_at late in the evening: a day bucket must not slide into the next day through a time zone.
  for (const row of SALES) {
    await exec(`INSERT INTO ${q(engine.schema)}.${q('sales')} VALUES (${placeholders(6)})`, [
      ...row,
      `${row[2]} 23:30:00`,
    ])
  }
}

const dq = (name: string) => `"${name}"`
const bq = (name: string) => `\`${name}\``
const dollar = (n: number) => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(', ')
const question = (n: number) => Array.from({ length: n }, () => '?').join(', ')

export function throwawayName(): string {
  return `vitrina_query_${randomBytes(5).toString('hex')}`
}

export async function createEngine(dialect: SqlDialect): Promise<TestEngine> {
  switch (dialect) {
    case 'postgres':
      return createPostgres()
    case 'duckdb':
      return createDuckdb()
    case 'mysql':
      return createMysql()
  }
}

async function createPostgres(): Promise<TestEngine> {
  const database = throwawayName()
  const admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${database} TEMPLATE template0 ENCODING 'UTF8'`)
  // DATE and TIMESTAMP stay strings: node-pg would otherwise build Dates in the local zone.
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === 1082 || oid === 1114 ? (v: string) => v : pg.types.getTypeParser(oid, format),
  }
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database, types })
  await client.connect()
  const engine: TestEngine = {
    dialect: 'postgres',
    schema: 'public',
    async query(sql, params) {
      const result = await client.query({ text: sql, values: params, rowMode: 'array' })
      return result.rows as unknown[][]
    },
    async queryReadOnly(sql, params) {
      await client.query('BEGIN READ ONLY')
      try {
        return await engine.query(sql, params)
      } finally {
        await client.query('ROLLBACK')
      }
    },
    async close() {
      await client.end()
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
      await admin.end()
    },
  }
  for (const statement of ddl('public', dq, 'TEXT', 'TIMESTAMP')) await client.query(statement)
  await load(engine, (sql, params) => client.query(sql, params), dq, dollar)
  return engine
}

async function createDuckdb(): Promise<TestEngine> {
  const { mkdtemp, rm } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const folder = await mkdtemp(join(tmpdir(), 'vitrina-query-'))
  const file = join(folder, 'sales.duckdb')
  // Loaded through a writable instance, then reopened read-only: the read-only test needs a file.
  const writer = await DuckDBInstance.create(file)
  const setup = await writer.connect()
  await setup.run('CREATE SCHEMA public')
  for (const statement of ddl('public', dq, 'VARCHAR', 'TIMESTAMP')) await setup.run(statement)
  const exec = (sql: string, params: unknown[]) => setup.run(sql, params as never)
  await load({ schema: 'public' }, exec, dq, dollar)
  setup.closeSync()
  writer.closeSync()
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' })
  const connection = await instance.connect()
  const engine: TestEngine = {
    dialect: 'duckdb',
    schema: 'public',
    async query(sql, params) {
      const reader = await connection.runAndReadAll(sql, params as never)
      return reader.getRowsJS() as unknown[][]
    },
    queryReadOnly: (sql, params) => engine.query(sql, params),
    async close() {
      connection.closeSync()
      instance.closeSync()
      await rm(folder, { recursive: true, force: true })
    },
  }
  return engine
}

async function createMysql(): Promise<TestEngine> {
  const database = throwawayName()
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' })
  await admin.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  const connection = await mysql.createConnection({
    host: '127.0.0.1',
    port: 3306,
    user: 'root',
    database,
    dateStrings: true,
    rowsAsArray: true,
  })
  const engine: TestEngine = {
    dialect: 'mysql',
    schema: database,
    async query(sql, params) {
      const [rows] = await connection.execute(sql, params as never[])
      return rows as unknown[][]
    },
    async queryReadOnly(sql, params) {
      await connection.query('START TRANSACTION READ ONLY')
      try {
        return await engine.query(sql, params)
      } finally {
        await connection.query('ROLLBACK')
      }
    },
    async close() {
      await connection.end()
      await admin.query(`DROP DATABASE IF EXISTS ${database}`)
      await admin.end()
    },
  }
  for (const statement of ddl(database, bq, 'VARCHAR(100)', 'DATETIME')) await connection.query(statement)
  await load(engine, (sql, params) => connection.execute(sql, params as never[]), bq, question)
  return engine
}

/** Engine values made comparable by column type: DECIMAL strings and bigints become numbers, dates YYYY-MM-DD. */
export function normalizeRows(rows: unknown[][], columns: readonly ResultColumn[]): unknown[][] {
  return rows.map((row) => row.map((value, i) => normalizeValue(value, columns[i]?.type ?? 'other')))
}

function normalizeValue(value: unknown, type: CatalogColumnType): unknown {
  if (value === null || value === undefined) return null
  if (value instanceof Date) {
    const iso = value.toISOString()
    return type === 'timestamp' ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso.slice(0, 10)
  }
  if (type === 'integer' || type === 'decimal' || type === 'float') {
    const n = Number(value)
    return Math.round(n * 1e6) / 1e6
  }
  if (typeof value === 'bigint') return Number(value)
  return value
}
