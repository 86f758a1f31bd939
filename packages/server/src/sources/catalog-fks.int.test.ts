import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { CatalogForeignKey } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { createDuckdbWarehouse } from '../warehouse/duckdb-warehouse'
import { createDuckdbFileDriver } from './duckdb-driver'
import { createMysqlDriver } from './mysql-driver'
import { createPostgresDriver } from './postgres-driver'
import type { SourceDriver } from './source-driver'
import { createThrowawayMysql, createThrowawayPostgresSource } from './testing'

/** customers and categories have a primary key `id`, notes an `id` that is not unique; regions are declared. */
const DDL = [
  'CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(50))',
  'CREATE TABLE categories (id INTEGER PRIMARY KEY, title VARCHAR(50))',
  'CREATE TABLE notes (id INTEGER, body VARCHAR(50))',
  'CREATE TABLE regions (code VARCHAR(10) PRIMARY KEY)',
  `CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, category_id INTEGER, note_id INTEGER,
    region_code VARCHAR(10) REFERENCES regions (code))`,
]

async function engines(): Promise<
  { name: string; driver: SourceDriver; schema: string; drop(): Promise<void> }[]
> {
  const pg = await createThrowawayPostgresSource()
  for (const statement of DDL) await pg.exec(statement)
  const my = await createThrowawayMysql()
  for (const statement of DDL) await my.exec(statement)
  const dir = await mkdtemp(path.join(tmpdir(), 'vitrina-fk-'))
  const file = path.join(dir, 'fk.duckdb')
  const writer = await createDuckdbWarehouse({ path: file })
  for (const statement of DDL) await writer.runQuery({ sql: statement, params: [] })
  await writer.close()
  return [
    {
      name: 'postgres',
      driver: createPostgresDriver({ ...pg.connection, ssl: false, replicas: [] }),
      schema: 'public',
      drop: pg.drop,
    },
    {
      name: 'mysql',
      driver: createMysqlDriver({ ...my.connection, ssl: false }),
      schema: my.connection.database,
      drop: my.drop,
    },
    {
      name: 'duckdb',
      driver: await createDuckdbFileDriver(file),
      schema: 'main',
      drop: () => rm(dir, { recursive: true, force: true }),
    },
  ]
}

describe('catalog foreign keys: declared, and detected by naming', () => {
  it('on PostgreSQL, MariaDB and DuckDB', async () => {
    for (const e of await engines()) {
      try {
        const orders = (await e.driver.catalog()).find((t) => t.name === 'orders')
        const fk = (column: string, name: string, target: string, detected: boolean): CatalogForeignKey => ({
          column,
          references: { schema: e.schema, name, column: target },
          detected,
        })
        expect(
          [...(orders?.foreignKeys ?? [])].sort((a, b) => a.column.localeCompare(b.column)),
          e.name,
        ).toEqual([
          fk('category_id', 'categories', 'id', true),
          fk('customer_id', 'customers', 'id', true),
          fk('region_code', 'regions', 'code', false),
        ])
      } finally {
        await e.driver.close()
        await e.drop()
      }
    }
  }, 60_000)
})
