import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { ApiDataset, ApiSource, RowsPage } from '@vitrina/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createThrowawayPostgresSource } from '../../sources/testing'
import type { Session, TestApp } from '../../testing/test-app'
import { createDuckdbWarehouse } from '../../warehouse/duckdb-warehouse'
import { createDatasetsTestApp, upload } from './datasets-test-kit'

describe('linked datasets: a table or view of a source, read-only, in the Data section', () => {
  let t: TestApp
  let admin: Session
  let analyst: Session
  let viewer: Session
  let viewerId: string
  let dir: string
  let pg: Awaited<ReturnType<typeof createThrowawayPostgresSource>>
  let pgSource: ApiSource
  let duckSource: ApiSource

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vitrina-linked-'))
    t = await createDatasetsTestApp('duckdb')
    admin = await t.setupAdmin()
    const a = await t.createUser(admin, 'analyst')
    analyst = await t.login(a.email, a.password)
    const v = await t.createUser(admin, 'viewer')
    viewerId = v.id
    viewer = await t.login(v.email, v.password)
    pg = await createThrowawayPostgresSource()
    await pg.exec(`CREATE TABLE sales (region text, day date, amount numeric(12,2), "Bad Name" text);
      INSERT INTO sales SELECT (ARRAY['Москва','Казань','Тула'])[1 + g % 3], DATE '2025-01-01' + g % 10, g * 1.5, 'x'
        FROM generate_series(1, 250) g;
      CREATE VIEW sales_by_region AS SELECT region, count(*) AS orders, sum(amount) AS total, max(day) AS last_day
        FROM sales GROUP BY region;
      CREATE VIEW slow AS SELECT region FROM sales WHERE pg_sleep(0.05) IS NOT NULL`)
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/sources',
      payload: {
        name: 'Продажи PG',
        connection: { kind: 'postgres', ...pg.connection },
        settings: { statementTimeoutMs: 1000 },
      },
    })
    expect(res.statusCode, res.body).toBe(201)
    pgSource = res.json() as ApiSource
    const file = path.join(dir, 'analytics.duckdb')
    const w = await createDuckdbWarehouse({ path: file })
    await w.runQuery({
      sql: "CREATE TABLE visits AS SELECT range AS id, 'страница ' || range AS page, range % 2 = 0 AS even FROM range(30)",
      params: [],
    })
    await w.close()
    const duck = await t.as(admin, {
      method: 'POST',
      url: '/api/sources',
      payload: { name: 'Аналитика', connection: { kind: 'duckdb', path: file } },
    })
    expect(duck.statusCode, duck.body).toBe(201)
    duckSource = duck.json() as ApiSource
  }, 120_000)
  afterAll(async () => {
    await t.close()
    await pg.drop()
    await rm(dir, { recursive: true, force: true })
  })

  const link = (s: Session, body: object) =>
    t.as(s, { method: 'POST', url: '/api/datasets/linked', payload: body })
  const rows = async (s: Session, id: string, body: object = {}) => {
    const res = await t.as(s, { method: 'POST', url: `/api/datasets/${id}/rows/query`, payload: body })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as RowsPage
  }

  let byRegion: ApiDataset
  it('admins link a view of a PostgreSQL source: columns from its catalog, listed with its source', async () => {
    const body = {
      name: 'Продажи по регионам',
      sourceId: pgSource.id,
      table: { schema: 'public', name: 'sales_by_region' },
    }
    expect(
      (await t.as(null, { method: 'POST', url: '/api/datasets/linked', payload: body })).statusCode,
    ).toBe(401)
    expect((await link(analyst, body)).statusCode).toBe(403)
    const missing = await link(admin, { ...body, table: { schema: 'public', name: 'nope' } })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().error.code).toBe('DATASET_LINK_INVALID')
    const warehouse = await link(admin, {
      ...body,
      sourceId: 'warehouse',
      table: { schema: 'datasets', name: 'x' },
    })
    expect(warehouse.json().error.code).toBe('DATASET_LINK_INVALID')

    const res = await link(admin, body)
    expect(res.statusCode, res.body).toBe(201)
    byRegion = res.json() as ApiDataset
    expect(byRegion).toMatchObject({
      kind: 'linked',
      source: { id: pgSource.id, name: 'Продажи PG' },
      table: { schema: 'public', name: 'sales_by_region' },
      keyColumns: [],
    })
    expect(byRegion.columns.map((c) => [c.identifier, c.type, c.required])).toEqual([
      ['region', 'text', false],
      ['orders', 'integer', false],
      ['total', 'decimal', false],
      ['last_day', 'date', false],
    ])
    expect((await link(admin, { ...body, name: 'Ещё раз' })).json().error.code).toBe('DATASET_LINK_INVALID')
    const list = (await t.as(admin, { method: 'GET', url: '/api/datasets' })).json().datasets as ApiDataset[]
    expect(list.find((d) => d.id === byRegion.id)?.source?.name).toBe('Продажи PG')
  })

  it('a column whose name is not an identifier is left out of a linked table, and said so', async () => {
    const res = await link(admin, {
      name: 'Продажи (таблица)',
      sourceId: pgSource.id,
      table: { schema: 'public', name: 'sales' },
    })
    expect(res.statusCode, res.body).toBe(201)
    expect((res.json() as ApiDataset).columns.map((c) => c.identifier)).toEqual(['region', 'day', 'amount'])
    const changes = await t.as(admin, { method: 'GET', url: `/api/datasets/${res.json().id}/changes` })
    expect(changes.json().events[0]).toMatchObject({
      action: 'dataset.linked',
      details: { skipped: ['Bad Name'] },
    })
  })

  it('the grid reads it through the source: paging, sort, filters, search, export; no row ids', async () => {
    const all = await rows(admin, byRegion.id, { sort: [{ column: 'total', direction: 'desc' }] })
    expect(all.total).toBe(3)
    expect(all.rows.map((r) => [r.values.region, r.values.orders, r.values.total])).toEqual([
      ['Казань', 84, '15813'],
      ['Москва', 83, '15687'],
      ['Тула', 83, '15562.5'],
    ])
    expect(all.rows.map((r) => r.rowId)).toEqual(['#0', '#1', '#2'])
    expect(all.rows[0]?.batchId).toBeNull()
    const page = await rows(admin, byRegion.id, {
      sort: [{ column: 'region', direction: 'asc' }],
      limit: 2,
      offset: 2,
    })
    expect(page.rows.map((r) => [r.rowId, r.values.region])).toEqual([['#2', 'Тула']])
    const filtered = await rows(admin, byRegion.id, {
      filters: [{ column: 'orders', op: 'gte', value: '84' }],
    })
    expect(filtered.rows.map((r) => r.values.region)).toEqual(['Казань'])
    expect((await rows(admin, byRegion.id, { search: 'тул' })).rows.map((r) => r.values.region)).toEqual([
      'Тула',
    ])

    const csv = await t.as(admin, {
      method: 'GET',
      url: `/api/datasets/${byRegion.id}/export?format=csv&query=${encodeURIComponent(JSON.stringify({ sort: [{ column: 'region', direction: 'asc' }] }))}`,
    })
    expect(csv.statusCode).toBe(200)
    expect(
      csv.body
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(/[;,]/)[0]?.replace(/^\uFEFF/, '')),
    ).toEqual(['region', 'Казань', 'Москва', 'Тула'])
  })

  it('reads a DuckDB file source the same way', async () => {
    const res = await link(admin, {
      name: 'Посещения',
      sourceId: duckSource.id,
      table: { schema: 'main', name: 'visits' },
    })
    expect(res.statusCode, res.body).toBe(201)
    const id = res.json().id
    const page = await rows(admin, id, { filters: [{ column: 'even', op: 'eq', value: 'да' }], limit: 5 })
    expect(page.total).toBe(15)
    expect(page.rows.map((r) => r.values.id)).toEqual([0, 2, 4, 6, 8])
  })

  it('refuses uploads, row edits, new columns and templates with DATASET_READ_ONLY', async () => {
    const u = await upload(t, admin, 'x.csv', Buffer.from('region\nОмск\n'))
    const attempts = [
      { method: 'POST' as const, url: `/api/datasets/${byRegion.id}/imports`, payload: { uploadId: u.id } },
      {
        method: 'POST' as const,
        url: `/api/datasets/${byRegion.id}/rows`,
        payload: { values: { region: 'Омск' } },
      },
      {
        method: 'PATCH' as const,
        url: `/api/datasets/${byRegion.id}/rows/x`,
        payload: { expected: {}, changes: { region: 'Омск' } },
      },
      {
        method: 'POST' as const,
        url: `/api/datasets/${byRegion.id}/rows/delete`,
        payload: { rows: [{ rowId: 'x', expected: {} }] },
      },
      {
        method: 'POST' as const,
        url: `/api/datasets/${byRegion.id}/columns`,
        payload: { displayName: 'Новый', type: 'text' },
      },
      { method: 'GET' as const, url: `/api/datasets/${byRegion.id}/template` },
    ]
    for (const a of attempts) {
      const res = await t.as(admin, a)
      expect(res.statusCode, `${a.method} ${a.url}: ${res.body}`).toBe(409)
      expect(res.json().error.code).toBe('DATASET_READ_ONLY')
    }
    expect((await rows(admin, byRegion.id)).total).toBe(3)
  })

  it('who may read it is the dataset permission, not the source grant', async () => {
    const before = await t.as(viewer, {
      method: 'POST',
      url: `/api/datasets/${byRegion.id}/rows/query`,
      payload: {},
    })
    expect(before.statusCode).toBe(403)
    await t.as(admin, {
      method: 'PUT',
      url: `/api/datasets/${byRegion.id}/permissions`,
      payload: { entries: [{ subjectType: 'user', subjectId: viewerId, level: 'view' }] },
    })
    expect((await rows(viewer, byRegion.id)).total).toBe(3)
    // The viewer still cannot query the source itself.
    const direct = await t.as(viewer, {
      method: 'POST',
      url: '/api/query/run',
      payload: { sourceId: pgSource.id, query: { kind: 'native', sql: 'SELECT 1' }, parameters: {} },
    })
    expect(direct.statusCode).toBe(404)
  })

  it('reads run with the source timeout: a slow view is stopped with a clear code', async () => {
    const res = await link(admin, {
      name: 'Медленный',
      sourceId: pgSource.id,
      table: { schema: 'public', name: 'slow' },
    })
    const slow = await t.as(admin, {
      method: 'POST',
      url: `/api/datasets/${res.json().id}/rows/query`,
      payload: {},
    })
    expect(slow.statusCode).toBe(504)
    expect(slow.json().error.code).toBe('WAREHOUSE_QUERY_TIMEOUT')
  })

  it('sync re-reads the columns when the source table changes; deleting the link leaves the source alone', async () => {
    await pg.exec(
      'CREATE OR REPLACE VIEW sales_by_region AS SELECT region, count(*) AS orders, sum(amount) AS total, max(day) AS last_day, min(day) AS first_day FROM sales GROUP BY region',
    )
    expect(
      (await t.as(analyst, { method: 'POST', url: `/api/datasets/${byRegion.id}/sync` })).statusCode,
    ).toBe(403)
    const synced = await t.as(admin, { method: 'POST', url: `/api/datasets/${byRegion.id}/sync` })
    expect(synced.statusCode, synced.body).toBe(200)
    const after = synced.json() as ApiDataset
    expect(after.columns.map((c) => c.identifier)).toEqual([
      'region',
      'orders',
      'total',
      'last_day',
      'first_day',
    ])
    expect(after.dataVersion).toBeGreaterThan(byRegion.dataVersion)

    expect((await t.as(admin, { method: 'DELETE', url: `/api/datasets/${byRegion.id}` })).statusCode).toBe(
      204,
    )
    expect((await t.as(admin, { method: 'GET', url: `/api/datasets/${byRegion.id}` })).statusCode).toBe(404)
    const still = await t.as(admin, {
      method: 'POST',
      url: '/api/query/run',
      payload: {
        sourceId: pgSource.id,
        query: { kind: 'native', sql: 'SELECT count(*) FROM sales_by_region' },
        parameters: {},
      },
    })
    expect(still.json().rows).toEqual([[3]])
  })
})
