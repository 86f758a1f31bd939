import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { ApiCollection, ApiQuestion, Query, QueryRunResult, QuestionBody } from '@vitrina/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type Session, type TestApp } from '../../testing/test-app'

const sales = { schema: 'main', name: 'sales' }
const query = (over: Partial<Query>): Query => ({
  source: { kind: 'table', ...sales },
  joins: [],
  expressions: [],
  filter: null,
  aggregations: [],
  breakouts: [],
  fields: null,
  orderBy: [],
  limit: null,
  ...over,
})

describe('running saved questions (DuckDB warehouse)', () => {
  let t: TestApp
  let admin: Session
  let viewer: Session
  let dir: string
  let collection: ApiCollection

  const save = async (s: Session, body: Omit<QuestionBody, 'collectionId' | 'sourceId'>) => {
    const res = await t.as(s, {
      method: 'POST',
      url: '/api/questions',
      payload: { ...body, collectionId: collection.id, sourceId: 'warehouse' },
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as ApiQuestion
  }
  const run = (s: Session, id: string, payload: object = {}) =>
    t.as(s, { method: 'POST', url: `/api/questions/${id}/run`, payload })

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vitrina-questions-run-'))
    t = await createTestApp({ env: { VITRINA_DATA_DIR: dir } })
    admin = await t.setupAdmin()
    const v = await t.createUser(admin, 'viewer')
    viewer = await t.login(v.email, v.password)
    const columns = [
      { identifier: 'region', type: 'text' as const, required: true },
      { identifier: 'amount', type: 'decimal' as const, required: true },
    ]
    await t.services.warehouse.createTable(sales, columns)
    await t.services.warehouse.load(
      sales,
      columns,
      (async function* () {
        yield [
          ['Москва', '10'],
          ['Москва', '5'],
          ['Казань', '7'],
        ]
      })(),
      { kind: 'append' },
      { batchId: 'b1' },
    )
    expect((await t.as(admin, { method: 'POST', url: '/api/sources/warehouse/sync' })).statusCode).toBe(200)
    collection = (
      await t.as(admin, { method: 'POST', url: '/api/collections', payload: { name: 'Продажи' } })
    ).json()
  }, 60_000)
  afterAll(async () => {
    await t.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('runs a builder question that reads another saved question', async () => {
    const base = await save(admin, {
      name: 'По регионам',
      query: {
        kind: 'builder',
        query: query({
          aggregations: [
            { kind: 'sum', field: { kind: 'field', table: null, column: 'amount' }, p: null, name: 'total' },
          ],
          breakouts: [{ field: { kind: 'field', table: null, column: 'region' }, bucket: null, name: null }],
        }),
      },
    })
    const derived = await save(admin, {
      name: 'Крупные регионы',
      query: {
        kind: 'builder',
        query: query({
          source: { kind: 'question', id: base.id },
          filter: {
            kind: 'compare',
            op: '>',
            field: { kind: 'field', table: null, column: 'total' },
            value: 10,
          },
        }),
      },
    })
    const res = await run(admin, derived.id)
    expect(res.statusCode, res.body).toBe(200)
    const result = res.json() as QueryRunResult
    expect(result.rows).toEqual(
      [['Москва', '15']].map(([r, v]) => [r, expect.stringMatching(new RegExp(`^${v}`))]),
    )
    expect(result.compiled.sql.toLowerCase()).toContain('sum(')

    // An unsaved draft over the same saved question runs and compiles through the drafts routes.
    const draft = {
      sourceId: 'warehouse',
      query: {
        kind: 'builder',
        query: query({ source: { kind: 'question', id: base.id }, orderBy: [], limit: 1 }),
      },
    }
    const drafted = await t.as(admin, { method: 'POST', url: '/api/question-drafts/run', payload: draft })
    expect(drafted.statusCode, drafted.body).toBe(200)
    expect((drafted.json() as QueryRunResult).rows).toHaveLength(1)
    const compiled = await t.as(admin, {
      method: 'POST',
      url: '/api/question-drafts/compile',
      payload: draft,
    })
    expect(compiled.json().sql.toLowerCase()).toContain('sum(')
    // A viewer who cannot see the collection cannot read the saved question through a draft either.
    const hidden = await t.as(viewer, { method: 'POST', url: '/api/question-drafts/run', payload: draft })
    expect(hidden.statusCode).toBe(404)
  })

  it('runs a builder question over a saved SQL question, its variables bound, with the sql permission', async () => {
    const sql = await save(admin, {
      name: 'Продажи от суммы',
      query: {
        kind: 'native',
        sql: 'SELECT region, amount FROM main.sales WHERE amount >= {{min}};',
        variables: [{ name: 'min', type: 'number', default: 6, field: null }],
      },
    })
    const summary = await save(admin, {
      name: 'Сумма по регионам поверх SQL',
      query: {
        kind: 'builder',
        query: query({
          source: { kind: 'question', id: sql.id },
          aggregations: [
            { kind: 'sum', field: { kind: 'field', table: null, column: 'amount' }, p: null, name: 'total' },
          ],
          breakouts: [{ field: { kind: 'field', table: null, column: 'region' }, bucket: null, name: null }],
          orderBy: [{ target: { kind: 'breakout', index: 0 }, direction: 'asc' }],
        }),
      },
    })
    const res = await run(admin, summary.id)
    expect(res.statusCode, res.body).toBe(200)
    const result = res.json() as QueryRunResult
    expect(result.rows.map(([r, v]) => [r, Number(v)])).toEqual([
      ['Казань', 7],
      ['Москва', 10],
    ])
    expect(result.columns).toEqual([
      { name: 'region', type: 'text' },
      { name: 'total', type: 'decimal' },
    ])
    expect(result.compiled.params).toEqual([6])
    // The run's parameters bind the SQL question's variables.
    const bound = (await run(admin, summary.id, { parameters: { min: 8 } })).json() as QueryRunResult
    expect(bound.rows.map(([r, v]) => [r, Number(v)])).toEqual([['Москва', 10]])
    // Unsaved drafts over it too; a column the SQL does not return is refused.
    const draft = (over: Partial<Query>) => ({
      sourceId: 'warehouse',
      query: { kind: 'builder', query: query({ source: { kind: 'question', id: sql.id }, ...over }) },
    })
    const drafted = await t.as(admin, { method: 'POST', url: '/api/question-drafts/run', payload: draft({}) })
    expect((drafted.json() as QueryRunResult).rows).toHaveLength(2) // the default min = 6 drops the 5
    const unknown = await t.as(admin, {
      method: 'POST',
      url: '/api/question-drafts/run',
      payload: draft({ fields: [{ kind: 'field', table: null, column: 'nope' }] }),
    })
    expect(unknown.json().error.code).toBe('QUERY_UNKNOWN_COLUMN')

    // A viewer who may see the collection still needs the sql permission: the question runs SQL.
    const grants = await t.as(admin, {
      method: 'PUT',
      url: `/api/collections/${collection.id}/permissions`,
      payload: { grants: [{ subjectType: 'user', subjectId: viewer.user.id, level: 'view' }] },
    })
    expect(grants.statusCode, grants.body).toBe(200)
    const denied = await run(viewer, summary.id)
    expect(denied.json().error.code).toBe('SOURCE_SQL_DENIED')
    await t.as(admin, {
      method: 'PUT',
      url: `/api/collections/${collection.id}/permissions`,
      payload: { grants: [] },
    })
  })

  it('uses the question cache policy: none is never cached, inherit takes the source TTL', async () => {
    const sql = `SELECT region FROM main.sales WHERE region = {{region}}`
    const variables = [{ name: 'region', type: 'text' as const, default: 'Москва', field: null }]
    const uncached = await save(admin, {
      name: 'Без кэша',
      query: { kind: 'native', sql, variables },
      cachePolicy: { kind: 'none' },
    })
    await run(admin, uncached.id)
    expect((await run(admin, uncached.id)).json().cached).toBe(false)

    const inherited = await save(admin, {
      name: 'С кэшем',
      query: { kind: 'native', sql: `${sql} `, variables },
    })
    const first = (await run(admin, inherited.id)).json() as QueryRunResult
    expect(first.rows).toEqual([['Москва'], ['Москва']])
    expect((await run(admin, inherited.id)).json().cached).toBe(true)
    expect((await run(admin, inherited.id, { refresh: true })).json().cached).toBe(false)
    const kazan = (
      await run(admin, inherited.id, { parameters: { region: 'Казань' } })
    ).json() as QueryRunResult
    expect(kazan.rows).toEqual([['Казань']])
  })

  it('does not run a question in a collection the user cannot see', async () => {
    const q = await save(admin, {
      name: 'Секрет',
      query: { kind: 'native', sql: 'SELECT 1 AS x', variables: [] },
    })
    expect((await run(viewer, q.id)).statusCode).toBe(404)
    expect(
      (await t.as(null, { method: 'POST', url: `/api/questions/${q.id}/run`, payload: {} })).statusCode,
    ).toBe(401)
  })
})
