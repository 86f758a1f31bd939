import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDuckdbWarehouse } from '../warehouse/duckdb-warehouse'
import { createDuckdbFileDriver } from './duckdb-driver'
import { createMysqlDriver } from './mysql-driver'
import { createPostgresDriver } from './postgres-driver'
import type { SourceDriver } from './source-driver'
import { createThrowawayMysql, createThrowawayPostgresSource } from './testing'

interface Engine {
  name: string
  driver: SourceDriver
  write: string
  slow: string
  param: string
  cleanup(): Promise<void>
}

async function postgres(): Promise<Engine> {
  const src = await createThrowawayPostgresSource()
  await src.exec(
    'CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t SELECT g, $$n$$ || g FROM generate_series(1, 50) g',
  )
  return {
    name: 'postgres',
    driver: createPostgresDriver({ ...src.connection, ssl: false, replicas: [] }),
    write: 'INSERT INTO t VALUES (1000, $1)',
    slow: 'SELECT pg_sleep(20)',
    param: '$1',
    cleanup: src.drop,
  }
}

async function mysql(): Promise<Engine> {
  const src = await createThrowawayMysql()
  await src.exec('CREATE TABLE t (id int PRIMARY KEY, name varchar(50))')
  await src.exec(`INSERT INTO t SELECT seq, CONCAT('n', seq) FROM seq_1_to_50`)
  return {
    name: 'mysql',
    driver: createMysqlDriver({ ...src.connection, ssl: false }),
    write: 'INSERT INTO t VALUES (1000, ?)',
    slow: 'SELECT SLEEP(20)',
    param: '?',
    cleanup: src.drop,
  }
}

async function duckdb(): Promise<Engine> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vitrina-duck-'))
  const file = path.join(dir, 'source.duckdb')
  const writer = await createDuckdbWarehouse({ path: file })
  await writer.runQuery({
    sql: `CREATE TABLE t AS SELECT range::INT AS id, 'n' || range AS name FROM range(1, 51)`,
    params: [],
  })
  await writer.close()
  return {
    name: 'duckdb',
    driver: await createDuckdbFileDriver(file),
    write: 'INSERT INTO t VALUES (1000, $1)',
    slow: 'SELECT count(*) FROM range(100000000000) a',
    param: '$1',
    cleanup: () => rm(dir, { recursive: true, force: true }),
  }
}

describe.each([
  ['postgres', postgres],
  ['mysql', mysql],
  ['duckdb', duckdb],
])('source driver safety: %s', (_name, open) => {
  let e: Engine
  beforeAll(async () => {
    e = await open()
  }, 60_000)
  afterAll(async () => {
    await e.driver.close()
    await e.cleanup()
  })

  it('reads with bound parameters and reports typed columns', async () => {
    const r = await e.driver.runQuery(
      { sql: `SELECT id, name FROM t WHERE name = ${e.param} ORDER BY id`, params: ['n7'] },
      { readOnly: true, timeoutMs: 10_000 },
    )
    expect(r.rows).toEqual([[7, 'n7']])
    expect(r.columns.map((c) => c.type)).toEqual(['integer', 'text'])
    // A value that looks like SQL stays a value.
    const injected = await e.driver.runQuery(
      { sql: `SELECT count(*) FROM t WHERE name = ${e.param}`, params: ["n1' OR '1'='1"] },
      { readOnly: true },
    )
    expect(Number(injected.rows[0]?.[0])).toBe(0)
  })

  it('refuses a write inside the read-only transaction (the engine, not the lexer)', async () => {
    await expect(
      e.driver.runQuery({ sql: e.write, params: ['x'] }, { readOnly: true, timeoutMs: 10_000 }),
    ).rejects.toMatchObject({ code: 'WAREHOUSE_WRITE_REFUSED' })
    const count = await e.driver.runQuery({ sql: 'SELECT count(*) FROM t', params: [] }, { readOnly: true })
    expect(Number(count.rows[0]?.[0])).toBe(50)
  })

  it('stops at the row cap and says it truncated', async () => {
    const r = await e.driver.runQuery(
      { sql: 'SELECT id FROM t ORDER BY id', params: [] },
      { readOnly: true, rowCap: 10 },
    )
    expect(r.rows).toHaveLength(10)
    expect(r.truncated).toBe(true)
  })

  it('stops a slow statement at the timeout, and the connection still works', async () => {
    await expect(
      e.driver.runQuery({ sql: e.slow, params: [] }, { readOnly: true, timeoutMs: 300 }),
    ).rejects.toMatchObject({ code: 'WAREHOUSE_QUERY_TIMEOUT' })
    const r = await e.driver.runQuery({ sql: 'SELECT 1', params: [] }, { readOnly: true })
    expect(Number(r.rows[0]?.[0])).toBe(1)
  }, 30_000)

  it('cancels a running statement on the server', async () => {
    const controller = new AbortController()
    const running = e.driver.runQuery(
      { sql: e.slow, params: [] },
      { readOnly: true, signal: controller.signal },
    )
    setTimeout(() => controller.abort(), 300)
    await expect(running).rejects.toMatchObject({ code: 'WAREHOUSE_QUERY_CANCELLED' })
  }, 30_000)

  it('lists tables with columns, types and row estimates', async () => {
    const tables = await e.driver.catalog()
    const t = tables.find((x) => x.name === 't')
    expect(t?.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'integer'],
      ['name', 'text'],
    ])
    expect(t).toHaveProperty('rowEstimate')
  })

  it('tells its server version', async () => {
    expect((await e.driver.test()).serverVersion).not.toBe('')
  })
})
