import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { QueryRunResult, RunQueryBody } from '@vitrina/contracts'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createThrowawayDatabase } from '../../testing/databases'
import { createTestApp, type Session, type TestApp } from '../../testing/test-app'

const sales = { schema: 'main', name: 'sales' }

describe.each(['duckdb', 'postgres'] as const)('query runs on the %s warehouse', (kind) => {
  let t: TestApp
  let admin: Session
  let viewer: Session
  let dir: string
  let dropWarehouse = async () => {}
  const table = kind === 'duckdb' ? sales : { schema: 'public', name: 'sales' }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vitrina-qr-'))
    const wh = kind === 'postgres' ? await createThrowawayDatabase('vitrina_wh') : null
    if (wh) dropWarehouse = wh.drop
    t = await createTestApp({ env: { VITRINA_DATA_DIR: dir, ...(wh && { WAREHOUSE_URL: wh.url }) } })
    admin = await t.setupAdmin()
    const v = await t.createUser(admin, 'viewer')
    viewer = await t.login(v.email, v.password)
    const w = t.services.warehouse
    const columns = [
      { identifier: 'region', type: 'text' as const, required: true },
      { identifier: 'day', type: 'date' as const, required: true },
      { identifier: 'amount', type: 'decimal' as const, required: true },
    ]
    await w.createTable(table, columns)
    const rows = [
      ['Москва', '2025-01-05', '10.50'],
      ['Москва', '2025-02-07', '5'],
      ['Казань', '2025-01-09', '7.25'],
      ['=HYPERLINK("http://evil")', '2025-03-01', '-1'],
    ]
    await w.load(
      table,
      columns,
      (async function* () {
        yield rows
      })(),
      { kind: 'append' },
      { batchId: 'b1' },
    )
    const sync = await t.as(admin, { method: 'POST', url: '/api/sources/warehouse/sync' })
    expect(sync.statusCode, sync.body).toBe(200)
  }, 60_000)

  afterAll(async () => {
    await t.close()
    await dropWarehouse()
    await rm(dir, { recursive: true, force: true })
  })

  const run = (s: Session, body: RunQueryBody) =>
    t.as(s, { method: 'POST', url: '/api/query/run', payload: body })
  const native = (sql: string, extra: Partial<RunQueryBody> = {}): RunQueryBody => ({
    sourceId: 'warehouse',
    query: { kind: 'native', sql, variables: [{ name: 'region', type: 'text', default: null }] },
    ...extra,
  })

  it('runs native SQL with a bound variable, then serves it from the cache, and refresh bypasses it', async () => {
    const body = native(
      `SELECT region, sum(amount) AS total FROM ${table.schema}.sales WHERE region = {{region}} GROUP BY region`,
      {
        parameters: { region: 'Москва' },
      },
    )
    const first = await run(admin, body)
    expect(first.statusCode, first.body).toBe(200)
    const a = first.json() as QueryRunResult
    expect(a.cached).toBe(false)
    expect(a.rows).toEqual([['Москва', '15.5']])
    expect(a.columns.map((c) => c.type)).toEqual(['text', 'decimal'])
    expect(a.compiled.params).toEqual(['Москва'])
    expect(a.compiled.sql).not.toContain('Москва')
    const b = (await run(admin, body)).json() as QueryRunResult
    expect(b.cached).toBe(true)
    expect(b.rows).toEqual(a.rows)
    expect(b.cacheAgeSeconds).toBeGreaterThanOrEqual(0)
    const c = (await run(admin, { ...body, refresh: true })).json() as QueryRunResult
    expect(c.cached).toBe(false)
    const other = (await run(admin, { ...body, parameters: { region: 'Казань' } })).json() as QueryRunResult
    expect(other.cached).toBe(false)
    expect(other.rows).toEqual([['Казань', '7.25']])
  })

  it('refuses write statements with a clear code', async () => {
    for (const sql of [
      `DELETE FROM ${table.schema}.sales`,
      `DROP TABLE ${table.schema}.sales`,
      'SELECT 1; DELETE FROM x',
    ]) {
      const res = await run(admin, native(sql))
      expect(res.statusCode, sql).toBeGreaterThanOrEqual(400)
      expect(['SQL_WRITE_REFUSED', 'SQL_MULTIPLE_STATEMENTS']).toContain(res.json().error.code)
    }
    const count = (
      await run(admin, native(`SELECT count(*) FROM ${table.schema}.sales`))
    ).json() as QueryRunResult
    expect(Number(count.rows[0]?.[0])).toBe(4)
  })

  it('runs a builder query (filter, group by month, sum) and shows its SQL', async () => {
    const query: RunQueryBody = {
      sourceId: 'warehouse',
      query: {
        kind: 'builder',
        query: {
          source: { kind: 'table', ...table },
          joins: [],
          expressions: [],
          filter: {
            kind: 'compare',
            op: '!=',
            field: { kind: 'field', table: null, column: 'region' },
            value: 'Казань',
          },
          aggregations: [
            { kind: 'sum', field: { kind: 'field', table: null, column: 'amount' }, p: null, name: 'total' },
          ],
          breakouts: [
            { field: { kind: 'field', table: null, column: 'day' }, bucket: 'month', name: 'month' },
          ],
          fields: null,
          orderBy: [{ target: { kind: 'breakout', index: 0 }, direction: 'asc' }],
          limit: null,
        },
      },
    }
    const res = await run(viewer, query)
    expect(res.statusCode, res.body).toBe(200)
    expect((res.json() as QueryRunResult).rows).toEqual([
      ['2025-01-01', '10.5'],
      ['2025-02-01', '5'],
      ['2025-03-01', '-1'],
    ])
    const sql = await t.as(viewer, { method: 'POST', url: '/api/query/compile', payload: query })
    expect(sql.statusCode).toBe(200)
    expect(sql.json().params).toContain('Казань')
  })

  it('reaches a table created after the last catalog sync (a new dataset) from the builder', async () => {
    const fresh = { schema: table.schema, name: 'fresh_table' }
    await t.services.warehouse.createTable(fresh, [{ identifier: 'n', type: 'integer', required: true }])
    const res = await run(viewer, {
      sourceId: 'warehouse',
      query: {
        kind: 'builder',
        query: {
          source: { kind: 'table', ...fresh },
          joins: [],
          expressions: [],
          filter: null,
          aggregations: [{ kind: 'count', field: null, p: null, name: null }],
          breakouts: [],
          fields: null,
          orderBy: [],
          limit: null,
        },
      },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect((res.json() as QueryRunResult).rows).toEqual([[0]])
  })

  it('a viewer may use the builder on the warehouse but not native SQL', async () => {
    const res = await run(viewer, native('SELECT 1'))
    expect(res.statusCode).toBe(403)
    expect(res.json().error.code).toBe('SOURCE_SQL_DENIED')
  })

  it('stops a query at the source statement timeout', async () => {
    const patch = await t.as(admin, {
      method: 'PATCH',
      url: '/api/sources/warehouse',
      payload: {
        settings: {
          statementTimeoutMs: 300,
          rowCap: 10_000,
          cachePolicy: { kind: 'none' },
          syncIntervalMinutes: null,
        },
      },
    })
    expect(patch.statusCode, patch.body).toBe(200)
    const slow = kind === 'postgres' ? 'SELECT pg_sleep(20)' : 'SELECT count(*) FROM range(100000000000)'
    const res = await run(admin, native(slow))
    expect(res.json().error.code).toBe('QUERY_TIMEOUT')
    await t.as(admin, {
      method: 'PATCH',
      url: '/api/sources/warehouse',
      payload: {
        settings: {
          statementTimeoutMs: 30_000,
          rowCap: 10_000,
          cachePolicy: { kind: 'ttl', ttlSeconds: 600 },
          syncIntervalMinutes: null,
        },
      },
    })
  }, 30_000)

  it('cancels a running query on the server by its run id', async () => {
    const slow = kind === 'postgres' ? 'SELECT pg_sleep(20)' : 'SELECT count(*) FROM range(100000000000)'
    const runId = `run-${Math.random().toString(36).slice(2, 12)}`
    const running = run(admin, native(slow, { runId }))
    await new Promise((r) => setTimeout(r, 400))
    const cancel = await t.as(admin, { method: 'POST', url: `/api/query/runs/${runId}/cancel` })
    expect(cancel.json()).toEqual({ cancelled: true })
    const res = await running
    expect(res.json().error.code).toBe('QUERY_CANCELLED')
  }, 30_000)

  it('exports CSV guarded against formula injection, and a typed .xlsx', async () => {
    const body = {
      ...native(`SELECT region, day, amount FROM ${table.schema}.sales ORDER BY day`),
      fileName: 'Продажи',
    }
    const csv = await t.as(admin, {
      method: 'POST',
      url: '/api/query/export',
      payload: { ...body, format: 'csv' },
    })
    expect(csv.statusCode, csv.body).toBe(200)
    expect(csv.headers['content-disposition']).toContain("filename*=UTF-8''%D0%9F")
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toBe('region,day,amount')
    expect(lines).toContain(`"'=HYPERLINK(""http://evil"")",2025-03-01,-1`)
    const xlsx = await t.as(admin, {
      method: 'POST',
      url: '/api/query/export',
      payload: { ...body, format: 'xlsx' },
    })
    expect(xlsx.statusCode).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const sheet = wb.worksheets[0]!
    expect(sheet.getRow(1).values).toEqual([undefined, 'region', 'day', 'amount'])
    expect(sheet.getRow(2).getCell(3).value).toBe(10.5)
    expect(sheet.getRow(2).getCell(2).value).toBeInstanceOf(Date)
  })

  it('writes an audit row per execution, cached or not', async () => {
    await t.services.queryFeature.flushAudit()
    const res = await t.as(admin, { method: 'GET', url: '/api/admin/audit?action=query.run&limit=500' })
    expect(res.statusCode, res.body).toBe(200)
    const events = res.json().events as { details: Record<string, unknown>; actorEmail: string }[]
    expect(events.some((e) => e.details.cached === true)).toBe(true)
    expect(events.some((e) => e.details.cached === false && typeof e.details.sqlHash === 'string')).toBe(true)
    expect(events.some((e) => e.details.error === 'QUERY_CANCELLED')).toBe(true)
  })
})
