import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { ApiDataset, ColumnType, Query, QueryRunResult, SourceCatalog } from '@vitrina/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createThrowawayDatabase } from '../../testing/databases'
import { createTestApp, type Session, type TestApp } from '../../testing/test-app'
import { createDuckdbWarehouse } from '../../warehouse/duckdb-warehouse'

/**
 * The builder joins datasets in the warehouse along declared references (orders.region_code → regions.code)
 * and keys detected by naming (orders.customer_id → customers.id, the customers dataset's key).
 */
describe.each(['duckdb', 'postgres'] as const)('dataset joins on the %s warehouse', (engine) => {
  let t: TestApp
  let admin: Session
  let analyst: Session
  let dir: string
  let outside: string
  let drop = async () => {}
  const ds: Record<string, ApiDataset> = {}

  const dataset = async (name: string, columns: [string, ColumnType][], key: string, rows: string[][]) => {
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/datasets',
      payload: {
        name,
        schema: {
          columns: columns.map(([identifier, type]) => ({
            displayName: identifier,
            identifier,
            type,
            required: false,
          })),
          keyColumns: [key],
        },
      },
    })
    expect(res.statusCode, res.body).toBe(201)
    const created = res.json() as ApiDataset
    await t.services.warehouse.load(
      created.table,
      columns.map(([identifier, type]) => ({ identifier, type, required: false })),
      (async function* () {
        yield rows
      })(),
      { kind: 'append' },
      { batchId: `b-${name}` },
    )
    return created
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vitrina-joins-'))
    outside = await mkdtemp(path.join(tmpdir(), 'vitrina-joins-src-'))
    const wh = engine === 'postgres' ? await createThrowawayDatabase('vitrina_wh') : null
    if (wh) drop = wh.drop
    t = await createTestApp({ env: { VITRINA_DATA_DIR: dir, ...(wh && { WAREHOUSE_URL: wh.url }) } })
    admin = await t.setupAdmin()
    const a = await t.createUser(admin, 'analyst')
    analyst = await t.login(a.email, a.password)
    ds.customers = await dataset(
      'customers',
      [
        ['id', 'integer'],
        ['name', 'text'],
      ],
      'id',
      [
        ['1', 'Ромашка'],
        ['2', 'Лютик'],
      ],
    )
    ds.regions = await dataset(
      'regions',
      [
        ['code', 'text'],
        ['title', 'text'],
      ],
      'code',
      [
        ['msk', 'Москва'],
        ['kzn', 'Казань'],
      ],
    )
    ds.orders = await dataset(
      'orders',
      [
        ['id', 'integer'],
        ['customer_id', 'integer'],
        ['region_code', 'text'],
        ['amount', 'decimal'],
      ],
      'id',
      [
        ['1', '1', 'msk', '10'],
        ['2', '1', 'kzn', '5'],
        ['3', '2', 'msk', '7.5'],
      ],
    )
  }, 120_000)
  afterAll(async () => {
    await t.close()
    await drop()
    await rm(dir, { recursive: true, force: true })
    await rm(outside, { recursive: true, force: true })
  })

  const putReferences = (s: Session, references: object[]) =>
    t.as(s, { method: 'PUT', url: `/api/datasets/${ds.orders!.id}/references`, payload: { references } })

  it('refuses a reference to a column that is not the key, of another type, or by a user without edit', async () => {
    const bad = async (references: object[], code: string) => {
      const res = await putReferences(admin, references)
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json().error.code).toBe(code)
    }
    await bad(
      [{ column: 'region_code', references: { datasetId: ds.regions!.id, column: 'title' } }],
      'DATASET_REFERENCE_INVALID',
    )
    await bad(
      [{ column: 'customer_id', references: { datasetId: ds.regions!.id, column: 'code' } }],
      'DATASET_REFERENCE_INVALID',
    )
    await bad(
      [{ column: 'nope', references: { datasetId: ds.regions!.id, column: 'code' } }],
      'DATASET_REFERENCE_INVALID',
    )
    await bad(
      [{ column: 'region_code', references: { datasetId: 'missing', column: 'code' } }],
      'DATASET_REFERENCE_INVALID',
    )
    // A linked dataset lives in its own source: no reference joins it with warehouse datasets.
    const file = path.join(outside, 'codes.duckdb')
    const writer = await createDuckdbWarehouse({ path: file })
    await writer.runQuery({ sql: 'CREATE TABLE codes (code VARCHAR PRIMARY KEY)', params: [] })
    await writer.close()
    const source = await t.as(admin, {
      method: 'POST',
      url: '/api/sources',
      payload: { name: 'codes file', connection: { kind: 'duckdb', path: file } },
    })
    expect(source.statusCode, source.body).toBe(201)
    const linked = await t.as(admin, {
      method: 'POST',
      url: '/api/datasets/linked',
      payload: { name: 'codes', sourceId: source.json().id, table: { schema: 'main', name: 'codes' } },
    })
    expect(linked.statusCode, linked.body).toBe(201)
    const toLinked = await putReferences(admin, [
      { column: 'region_code', references: { datasetId: linked.json().id, column: 'code' } },
    ])
    expect(toLinked.statusCode).toBe(400)
    expect(toLinked.json().error).toMatchObject({
      code: 'DATASET_REFERENCE_INVALID',
      message: expect.stringContaining('linked dataset'),
    })

    const denied = await putReferences(analyst, [
      { column: 'region_code', references: { datasetId: ds.regions!.id, column: 'code' } },
    ])
    expect(denied.statusCode).toBe(403)
    expect(
      (await t.as(null, { method: 'GET', url: `/api/datasets/${ds.orders!.id}/references` })).statusCode,
    ).toBe(401)
  })

  it('declared and detected keys become foreign keys of the catalog, and the builder joins along them', async () => {
    const declared = [{ column: 'region_code', references: { datasetId: ds.regions!.id, column: 'code' } }]
    const put = await putReferences(admin, declared)
    expect(put.statusCode, put.body).toBe(200)
    expect(
      (await t.as(admin, { method: 'GET', url: `/api/datasets/${ds.orders!.id}/references` })).json()
        .references,
    ).toEqual(declared)

    const catalog = (
      await t.as(admin, { method: 'GET', url: '/api/sources/warehouse/catalog' })
    ).json() as SourceCatalog
    const orders = catalog.tables.find((x) => x.name === ds.orders!.table.name)!
    const schema = ds.orders!.table.schema
    expect([...orders.foreignKeys].sort((a, b) => a.column.localeCompare(b.column))).toEqual([
      {
        column: 'customer_id',
        references: { schema, name: ds.customers!.table.name, column: 'id' },
        detected: true,
      },
      {
        column: 'region_code',
        references: { schema, name: ds.regions!.table.name, column: 'code' },
        detected: false,
      },
    ])

    const field = (table: string | null, column: string) => ({ kind: 'field' as const, table, column })
    const query: Query = {
      source: { kind: 'table', ...ds.orders!.table },
      joins: [
        {
          alias: 'c',
          kind: 'inner',
          table: ds.customers!.table,
          on: { left: field(null, 'customer_id'), right: 'id' },
        },
        {
          alias: 'r',
          kind: 'left',
          table: ds.regions!.table,
          on: { left: field(null, 'region_code'), right: 'code' },
        },
      ],
      expressions: [],
      filter: null,
      aggregations: [{ kind: 'sum', field: field(null, 'amount'), p: null, name: 'total' }],
      breakouts: [
        { field: field('c', 'name'), bucket: null, name: 'customer' },
        { field: field('r', 'title'), bucket: null, name: 'region' },
      ],
      fields: null,
      orderBy: [
        { target: { kind: 'breakout', index: 0 }, direction: 'asc' },
        { target: { kind: 'breakout', index: 1 }, direction: 'asc' },
      ],
      limit: null,
    }
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/query/run',
      payload: { sourceId: 'warehouse', query: { kind: 'builder', query } },
    })
    expect(res.statusCode, res.body).toBe(200)
    const result = res.json() as QueryRunResult
    expect(result.compiled.sql).toContain('INNER JOIN')
    expect(result.rows.map(([c, r, v]) => [c, r, Number(v)])).toEqual([
      ['Лютик', 'Москва', 7.5],
      ['Ромашка', 'Казань', 5],
      ['Ромашка', 'Москва', 10],
    ])

    // Without the declared reference the join is refused: it is on no key.
    expect((await putReferences(admin, [])).statusCode).toBe(200)
    const refused = await t.as(admin, {
      method: 'POST',
      url: '/api/query/run',
      payload: { sourceId: 'warehouse', query: { kind: 'builder', query } },
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error.code).toBe('QUERY_JOIN_NOT_ON_FOREIGN_KEY')
  })
})
