import type { ApiBatch, ApiDataset, ApiPreview } from '@vitrina/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatasetsTestApp, finished, upload } from '../modules/datasets/datasets-test-kit'
import type { Session, TestApp } from '../testing/test-app'

const TOKEN = 'feature-metrics-token-0123'

describe('feature modules record their figures in the registry', () => {
  let t: TestApp
  let admin: Session
  const scrape = async () =>
    (await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } }))
      .body

  beforeAll(async () => {
    t = await createDatasetsTestApp('duckdb', { METRICS_TOKEN: TOKEN })
    admin = await t.setupAdmin()
  })
  afterAll(() => t.close())

  it('counts an upload and the rows it loaded', async () => {
    const u = await upload(
      t,
      admin,
      'sales.csv',
      Buffer.from('region,amount\nMoscow,10\nKazan,20\nTver,30\n'),
    )
    const pre = await t.as(admin, { method: 'POST', url: `/api/uploads/${u.id}/preview`, payload: {} })
    expect(pre.statusCode, pre.body).toBe(200)
    const columns = (pre.json() as ApiPreview).columns.map(
      ({ displayName, identifier, type, enumValues, sourceIndex }) => ({
        displayName,
        identifier,
        type,
        required: false,
        enumValues,
        sourceIndex,
      }),
    )
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/datasets/from-upload',
      payload: { uploadId: u.id, sheet: u.sheets[0]?.name, name: 'Sales', columns },
    })
    expect(res.statusCode, res.body).toBe(202)
    const created = res.json() as { dataset: ApiDataset; batch: ApiBatch }
    expect((await finished(t, admin, created.dataset.id, created.batch.id)).status).toBe('loaded')

    const text = await scrape()
    expect(text).toContain('vitrina_uploads_total{engine="duckdb",status="loaded"} 1')
    expect(text).toContain('vitrina_ingested_rows_total{engine="duckdb"} 3')
    // Embedded DuckDB has no pool to report.
    expect(text).not.toContain('db="warehouse"')
  })

  it('times queries by source and outcome, and counts cache hits and misses', async () => {
    const run = (sql: string) =>
      t.as(admin, {
        method: 'POST',
        url: '/api/query/run',
        payload: { sourceId: 'warehouse', query: { kind: 'native', sql } },
      })
    expect((await run('SELECT 42 AS answer')).json().cached).toBe(false)
    expect((await run('SELECT 42 AS answer')).json().cached).toBe(true)
    expect((await run('SELECT * FROM no_such_table')).statusCode).toBeGreaterThanOrEqual(400)

    const text = await scrape()
    expect(text).toMatch(/^vitrina_query_duration_seconds_count\{source="warehouse",outcome="ok"\} 1$/m)
    expect(text).toMatch(/^vitrina_query_duration_seconds_count\{source="warehouse",outcome="error"\} 1$/m)
    expect(text).toMatch(/^vitrina_query_cache_hits_total\{source="warehouse"\} 1$/m)
    expect(text).toMatch(/^vitrina_query_cache_misses_total\{source="warehouse"\} 1$/m)
  })
})

describe('a PostgreSQL warehouse reports its pool', () => {
  it('shows up under db="warehouse" once the warehouse is opened', async () => {
    const t = await createDatasetsTestApp('postgres', { METRICS_TOKEN: TOKEN })
    try {
      await t.services.warehouse.introspect()
      const res = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })
      expect(res.body).toMatch(/^vitrina_db_pool_max_connections\{db="warehouse"\} \d+$/m)
      expect(res.body).toMatch(/^vitrina_db_pool_connections\{db="warehouse",state="idle"\} \d+$/m)
      expect(res.body).toMatch(/^vitrina_db_pool_waiting_clients\{db="warehouse"\} 0$/m)
    } finally {
      await t.close()
    }
  })
})
