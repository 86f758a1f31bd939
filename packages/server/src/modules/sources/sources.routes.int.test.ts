import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { ApiSource, QueryRunResult, SourceCatalog, SourceTestResult } from '@vitrina/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createThrowawayMysql, createThrowawayPostgresSource } from '../../sources/testing'
import { TEST_PG_URL } from '../../testing/databases'
import { createTestApp, type Session, type TestApp } from '../../testing/test-app'
import { createDuckdbWarehouse } from '../../warehouse/duckdb-warehouse'

describe('data sources', () => {
  let t: TestApp
  let admin: Session
  let analyst: Session
  let analystId: string
  let dir: string
  let pg: Awaited<ReturnType<typeof createThrowawayPostgresSource>>
  let my: Awaited<ReturnType<typeof createThrowawayMysql>>

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vitrina-sources-'))
    // The system DB is the test PostgreSQL's `postgres` database as far as the guard is concerned.
    t = await createTestApp({ env: { VITRINA_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: TEST_PG_URL } })
    admin = await t.setupAdmin()
    const a = await t.createUser(admin, 'analyst')
    analystId = a.id
    analyst = await t.login(a.email, a.password)
    pg = await createThrowawayPostgresSource()
    await pg.exec(`CREATE TABLE regions (id int PRIMARY KEY, name text NOT NULL);
      CREATE TABLE orders (id int PRIMARY KEY, region_id int REFERENCES regions(id), amount numeric(12,2), placed_on date);
      INSERT INTO regions VALUES (1, 'Москва'), (2, 'Казань');
      INSERT INTO orders SELECT g, 1 + g % 2, g * 1.5, DATE '2025-01-01' + g FROM generate_series(1, 1000) g;
      ANALYZE`)
    my = await createThrowawayMysql()
    await my.exec(
      'CREATE TABLE items (id int PRIMARY KEY, title varchar(100), price decimal(10,2), added datetime)',
    )
    await my.exec(
      "INSERT INTO items VALUES (1, 'чай', 10.50, '2025-01-02 10:00:00'), (2, 'кофе', 20.00, '2025-01-03 11:30:00')",
    )
  }, 120_000)

  afterAll(async () => {
    await t.close()
    await pg.drop()
    await my.drop()
    await rm(dir, { recursive: true, force: true })
  })

  const create = (body: object) => t.as(admin, { method: 'POST', url: '/api/sources', payload: body })
  const run = (s: Session, sourceId: string, sql: string, parameters = {}) =>
    t.as(s, {
      method: 'POST',
      url: '/api/query/run',
      payload: { sourceId, query: { kind: 'native', sql }, parameters },
    })

  let pgSource: ApiSource
  it('adds a PostgreSQL source: tested first, password sealed at rest and never shown, catalog synced', async () => {
    const res = await create({ name: 'Продажи PG', connection: { kind: 'postgres', ...pg.connection } })
    expect(res.statusCode, res.body).toBe(201)
    pgSource = res.json() as ApiSource
    expect(pgSource.connection).toMatchObject({ kind: 'postgres', hasPassword: true })
    expect(JSON.stringify(pgSource)).not.toContain(pg.connection.password)
    const db = t.services.db.withTables<{
      sources: { id: string; secret: string | null; connection: unknown }
    }>()
    const row = await db
      .selectFrom('sources')
      .selectAll()
      .where('id', '=', pgSource.id)
      .executeTakeFirstOrThrow()
    expect(row.secret).toMatch(/^v1:/)
    expect(row.secret).not.toContain(pg.connection.password)
    expect(JSON.stringify(row.connection)).not.toContain(pg.connection.password)

    const catalog = (
      await t.as(admin, { method: 'GET', url: `/api/sources/${pgSource.id}/catalog` })
    ).json() as SourceCatalog
    const orders = catalog.tables.find((x) => x.name === 'orders')
    expect(orders?.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'integer'],
      ['region_id', 'integer'],
      ['amount', 'decimal'],
      ['placed_on', 'date'],
    ])
    expect(orders?.rowEstimate).toBe(1000)
    expect(orders?.foreignKeys).toEqual([
      {
        column: 'region_id',
        references: { schema: 'public', name: 'regions', column: 'id' },
        detected: false,
      },
    ])
    const q = await run(admin, pgSource.id, 'SELECT count(*) AS n FROM orders WHERE amount > {{min}}', {
      min: '1000',
    })
    expect(q.statusCode, q.body).toBe(200)
    expect((q.json() as QueryRunResult).rows).toEqual([[334]])
  })

  it('gives clear codes when a connection fails', async () => {
    const test = async (connection: object) =>
      (
        await t.as(admin, { method: 'POST', url: '/api/sources/test', payload: connection })
      ).json() as SourceTestResult
    expect((await test({ kind: 'postgres', ...pg.connection, port: 1 })).error?.code).toBe(
      'SOURCE_UNREACHABLE',
    )
    expect((await test({ kind: 'postgres', ...pg.connection, user: 'nobody_here' })).error?.code).toBe(
      'SOURCE_AUTH_FAILED',
    )
    expect((await test({ kind: 'postgres', ...pg.connection, database: 'no_such_db_x' })).error?.code).toBe(
      'SOURCE_DATABASE_NOT_FOUND',
    )
    expect((await test({ kind: 'mysql', ...my.connection, password: 'wrong' })).error?.code).toBe(
      'SOURCE_AUTH_FAILED',
    )
    expect((await test({ kind: 'duckdb', path: path.join(dir, 'missing.duckdb') })).error?.code).toBe(
      'SOURCE_FILE_NOT_FOUND',
    )
    const ok = await test({ kind: 'mysql', ...my.connection })
    expect(ok.ok).toBe(true)
    expect(ok.serverVersion).toMatch(/\d+\.\d+/)
    const refused = await create({ name: 'bad', connection: { kind: 'postgres', ...pg.connection, port: 1 } })
    expect(refused.json().error.code).toBe('SOURCE_UNREACHABLE')
  })

  it('never accepts the system database or a file in the data folder as a source', async () => {
    const url = new URL(TEST_PG_URL)
    for (const host of ['127.0.0.1', 'localhost']) {
      const res = await create({
        name: `system ${host}`,
        connection: {
          kind: 'postgres',
          host,
          port: Number(url.port || 5432),
          database: 'postgres',
          user: 'postgres',
        },
      })
      expect(res.json().error.code).toBe('SOURCE_IS_SYSTEM_DB')
    }
    const inData = await create({
      name: 'system files',
      connection: { kind: 'duckdb', path: path.join(t.config.dataDir, 'system-db', 'x.duckdb') },
    })
    expect(inData.json().error.code).toBe('SOURCE_IS_SYSTEM_DB')
  })

  it('adds a MySQL/MariaDB source and runs SQL with a bound variable; writes are refused', async () => {
    const res = await create({ name: 'Склад', connection: { kind: 'mysql', ...my.connection } })
    expect(res.statusCode, res.body).toBe(201)
    const id = (res.json() as ApiSource).id
    const q = await run(
      admin,
      id,
      'SELECT title, price, added FROM items WHERE price < {{max}} ORDER BY id',
      { max: '15' },
    )
    expect(q.statusCode, q.body).toBe(200)
    const result = q.json() as QueryRunResult
    expect(result.rows).toEqual([['чай', '10.5', '2025-01-02 10:00:00']])
    expect(result.columns.map((c) => c.type)).toEqual(['text', 'decimal', 'timestamp'])
    const write = await run(admin, id, 'UPDATE items SET price = 0')
    expect(write.json().error.code).toBe('SQL_WRITE_REFUSED')
    const catalog = (
      await t.as(admin, { method: 'GET', url: `/api/sources/${id}/catalog` })
    ).json() as SourceCatalog
    expect(catalog.tables.map((x) => x.name)).toEqual(['items'])
  })

  it('adds a DuckDB file source opened read-only', async () => {
    const file = path.join(dir, 'analytics.duckdb')
    const w = await createDuckdbWarehouse({ path: file })
    await w.runQuery({
      sql: "CREATE TABLE visits AS SELECT range AS id, 'page' || range AS page FROM range(5)",
      params: [],
    })
    await w.close()
    const res = await create({ name: 'Аналитика', connection: { kind: 'duckdb', path: file } })
    expect(res.statusCode, res.body).toBe(201)
    const q = await run(admin, (res.json() as ApiSource).id, 'SELECT count(*) FROM visits')
    expect((q.json() as QueryRunResult).rows).toEqual([[5]])
  })

  it('reads from replicas round-robin and fails over to the primary when a replica is down', async () => {
    const res = await create({
      name: 'PG с репликами',
      connection: {
        kind: 'postgres',
        ...pg.connection,
        replicas: [
          { host: '127.0.0.1', port: 1 },
          { host: '127.0.0.1', port: pg.connection.port },
        ],
      },
      settings: { cachePolicy: { kind: 'none' } },
    })
    expect(res.statusCode, res.body).toBe(201)
    for (let i = 0; i < 4; i++) {
      const q = await run(admin, (res.json() as ApiSource).id, 'SELECT count(*) FROM regions')
      expect(q.statusCode, q.body).toBe(200)
      expect((q.json() as QueryRunResult).rows).toEqual([[2]])
    }
  })

  it('checks source permissions: none, query (builder only), sql through a group', async () => {
    const list = async () =>
      ((await t.as(analyst, { method: 'GET', url: '/api/sources' })).json().sources as ApiSource[]).map(
        (s) => s.id,
      )
    expect(await list()).toEqual(['warehouse'])
    expect((await run(analyst, pgSource.id, 'SELECT 1')).json().error.code).toBe('SOURCE_ACCESS_DENIED')

    const grant = (permissions: object[]) =>
      t.as(admin, { method: 'PUT', url: `/api/sources/${pgSource.id}/permissions`, payload: { permissions } })
    expect(
      (await grant([{ principalType: 'user', principalId: analystId, access: 'query' }])).statusCode,
    ).toBe(200)
    expect(await list()).toContain(pgSource.id)
    expect((await run(analyst, pgSource.id, 'SELECT 1')).json().error.code).toBe('SOURCE_SQL_DENIED')
    const builder = await t.as(analyst, {
      method: 'POST',
      url: '/api/query/run',
      payload: {
        sourceId: pgSource.id,
        query: {
          kind: 'builder',
          query: {
            source: { kind: 'table', schema: 'public', name: 'regions' },
            joins: [],
            expressions: [],
            filter: null,
            aggregations: [],
            breakouts: [],
            fields: null,
            orderBy: [],
            limit: 10,
          },
        },
      },
    })
    expect(builder.statusCode, builder.body).toBe(200)

    const group = await t.as(admin, {
      method: 'POST',
      url: '/api/admin/groups',
      payload: { name: 'Аналитики SQL' },
    })
    expect(group.statusCode, group.body).toBe(201)
    const groupId = group.json().id as string
    const members = await t.as(admin, {
      method: 'PUT',
      url: `/api/admin/groups/${groupId}/members`,
      payload: { userIds: [analystId] },
    })
    expect(members.statusCode, members.body).toBeLessThan(300)
    await grant([
      { principalType: 'user', principalId: analystId, access: 'query' },
      { principalType: 'group', principalId: groupId, access: 'sql' },
    ])
    const ok = await run(analyst, pgSource.id, 'SELECT count(*) FROM regions')
    expect(ok.statusCode, ok.body).toBe(200)
  })

  it('shows the hit ratio and clears a source cache', async () => {
    await run(admin, pgSource.id, 'SELECT 42')
    await run(admin, pgSource.id, 'SELECT 42')
    const stats = (await t.as(admin, { method: 'GET', url: `/api/sources/${pgSource.id}/cache` })).json()
    expect(stats.hits).toBeGreaterThanOrEqual(1)
    expect(stats.hitRatio).toBeGreaterThan(0)
    const cleared = await t.as(admin, { method: 'DELETE', url: `/api/sources/${pgSource.id}/cache` })
    expect(cleared.statusCode).toBe(200)
    expect(((await run(admin, pgSource.id, 'SELECT 42')).json() as QueryRunResult).cached).toBe(false)
  })

  it('edits and removes an added source, but not the built-in warehouse', async () => {
    const renamed = await t.as(admin, {
      method: 'PATCH',
      url: `/api/sources/${pgSource.id}`,
      payload: { name: 'PG продажи' },
    })
    expect(renamed.json().name).toBe('PG продажи')
    const wh = await t.as(admin, { method: 'DELETE', url: '/api/sources/warehouse' })
    expect(wh.json().error.code).toBe('SOURCE_BUILT_IN')
    expect((await t.as(admin, { method: 'DELETE', url: `/api/sources/${pgSource.id}` })).statusCode).toBe(204)
    expect((await run(admin, pgSource.id, 'SELECT 1')).json().error.code).toBe('SOURCE_NOT_FOUND')
  })
})
