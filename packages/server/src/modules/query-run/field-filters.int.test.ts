import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { ApiQuestion, NativeVariableInput, QueryRunResult, RunParameterValue } from '@vitrina/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createThrowawayMysql } from '../../sources/testing'
import { createThrowawayDatabase } from '../../testing/databases'
import { createTestApp, type Session, type TestApp } from '../../testing/test-app'

/** The same rows in each engine: region, day, amount. */
const ROWS = [
  ['Москва', '2025-01-05', '10.50'],
  ['Москва', '2025-02-07', '5.00'],
  ['Казань', '2025-01-09', '7.25'],
  ['Пермь', '2025-03-01', '1.00'],
]

type Engine = 'duckdb' | 'postgres' | 'mysql'

/**
 * Field filters run on the server (POST /api/query/run and saved questions): the column is checked against
 * the catalog and quoted, every value is bound; no value means `1 = 1`.
 */
describe.each(['duckdb', 'postgres', 'mysql'] as const)('field filters on %s', (engine: Engine) => {
  let t: TestApp
  let admin: Session
  let viewer: Session
  let dir: string
  let sourceId = 'warehouse'
  let table = { schema: 'main', name: 'sales' }
  const cleanup: (() => Promise<void>)[] = []

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vitrina-ff-'))
    const wh = engine === 'postgres' ? await createThrowawayDatabase('vitrina_wh') : null
    if (wh) cleanup.push(wh.drop)
    t = await createTestApp({ env: { VITRINA_DATA_DIR: dir, ...(wh && { WAREHOUSE_URL: wh.url }) } })
    admin = await t.setupAdmin()
    const v = await t.createUser(admin, 'viewer')
    viewer = await t.login(v.email, v.password)
    if (engine === 'mysql') {
      const my = await createThrowawayMysql()
      cleanup.push(my.drop)
      await my.exec('CREATE TABLE sales (region varchar(50), day date, amount decimal(12,2))')
      await my.exec(`INSERT INTO sales VALUES ${ROWS.map((r) => `('${r.join("','")}')`).join(', ')}`)
      const created = await t.as(admin, {
        method: 'POST',
        url: '/api/sources',
        payload: { name: 'MariaDB', connection: { kind: 'mysql', ...my.connection } },
      })
      expect(created.statusCode, created.body).toBe(201)
      sourceId = created.json().id
      table = { schema: my.connection.database, name: 'sales' }
    } else {
      if (engine === 'postgres') table = { schema: 'public', name: 'sales' }
      const columns = [
        { identifier: 'region', type: 'text' as const, required: true },
        { identifier: 'day', type: 'date' as const, required: true },
        { identifier: 'amount', type: 'decimal' as const, required: true },
      ]
      await t.services.warehouse.createTable(table, columns)
      await t.services.warehouse.load(
        table,
        columns,
        (async function* () {
          yield ROWS
        })(),
        { kind: 'append' },
        { batchId: 'b1' },
      )
      expect((await t.as(admin, { method: 'POST', url: '/api/sources/warehouse/sync' })).statusCode).toBe(200)
    }
  }, 120_000)

  afterAll(async () => {
    await t.close()
    for (const c of cleanup) await c()
    await rm(dir, { recursive: true, force: true })
  })

  const q = (name: string) => (engine === 'mysql' ? `\`${name}\`` : `"${name}"`)
  const sql = () =>
    `SELECT count(*) AS n, sum(amount) AS total FROM ${q(table.schema)}.${q(table.name)} WHERE {{region}} AND {{day}}`
  const variables = (): NativeVariableInput[] => [
    { name: 'region', type: 'field-filter', default: null, field: { ...table, column: 'region' } },
    { name: 'day', type: 'field-filter', default: null, field: { ...table, column: 'day' } },
  ]
  const run = (parameters: Record<string, RunParameterValue>, as = admin) =>
    t.as(as, {
      method: 'POST',
      url: '/api/query/run',
      payload: { sourceId, query: { kind: 'native', sql: sql(), variables: variables() }, parameters },
    })
  const count = async (parameters: Record<string, RunParameterValue>) => {
    const res = await run(parameters)
    expect(res.statusCode, res.body).toBe(200)
    return Number((res.json() as QueryRunResult).rows[0]?.[0])
  }

  it('POST /api/query/run expands them: off without values, =, IN and ranges with bound values', async () => {
    expect(await count({})).toBe(4)
    expect(await count({ region: 'Москва' })).toBe(2)
    expect(await count({ region: ['Москва', 'Казань'] })).toBe(3)
    expect(await count({ day: { from: '2025-01-01', to: '2025-01-31' } })).toBe(2)
    expect(await count({ region: 'Москва', day: { from: '2025-02-01', to: null } })).toBe(1)
    expect(await count({ region: "Москва' OR '1'='1" })).toBe(0)

    const compiled = ((await run({ region: ['Москва', 'Казань'] })).json() as QueryRunResult).compiled
    expect(compiled.sql).toContain(`${q(table.schema)}.${q('sales')}.${q('region')} IN (`)
    expect(compiled.sql).toContain('1 = 1')
    expect(compiled.params).toEqual(['Москва', 'Казань'])
  })

  it('refuses a column the catalog does not have, and a value of the wrong type', async () => {
    const bad = await t.as(admin, {
      method: 'POST',
      url: '/api/query/run',
      payload: {
        sourceId,
        query: {
          kind: 'native',
          sql: sql(),
          variables: [{ ...variables()[0], field: { ...table, column: 'nope' } }, variables()[1]],
        },
      },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('QUERY_UNKNOWN_COLUMN')
    const wrong = await run({ day: 'вчера' })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().error.code).toBe('SQL_VARIABLE_INVALID')
  })

  it('a saved question with field filters runs through POST /api/questions/:id/run', async () => {
    const collection = (
      await t.as(admin, { method: 'POST', url: '/api/collections', payload: { name: `ff-${engine}` } })
    ).json()
    const saved = await t.as(admin, {
      method: 'POST',
      url: '/api/questions',
      payload: {
        name: 'Продажи с фильтром',
        collectionId: collection.id,
        sourceId,
        query: { kind: 'native', sql: sql(), variables: variables() },
      },
    })
    expect(saved.statusCode, saved.body).toBe(201)
    const id = (saved.json() as ApiQuestion).id
    const runSaved = (parameters: Record<string, RunParameterValue>) =>
      t.as(admin, { method: 'POST', url: `/api/questions/${id}/run`, payload: { parameters } })
    const all = await runSaved({})
    expect(all.statusCode, all.body).toBe(200)
    expect(Number((all.json() as QueryRunResult).rows[0]?.[0])).toBe(4)
    const kazan = await runSaved({ region: 'Казань', day: { from: '2025-01-01', to: '2025-01-31' } })
    expect(Number((kazan.json() as QueryRunResult).rows[0]?.[0])).toBe(1)
    // Viewers are not in the collection: 404, as for any saved question.
    expect(
      (await t.as(viewer, { method: 'POST', url: `/api/questions/${id}/run`, payload: {} })).statusCode,
    ).toBe(404)
  })
})
