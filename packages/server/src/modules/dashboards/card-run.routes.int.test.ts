import type {
  ApiCollection,
  ApiDashboard,
  ApiQuestion,
  DashboardBody,
  DashboardCardRows,
  DashboardFilterValues,
  Query,
  QueryRunResult,
  QuestionBody,
} from '@vitrina/contracts'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type Session, type TestApp } from '../../testing/test-app'
import { addDays, localToday } from './filter-values'

const sales = { schema: 'main', name: 'dash_sales' }
const T = `${sales.schema}.${sales.name}`
const today = localToday()
const recent = addDays(today, -3)
const ROWS = [
  ['Москва', 'Иванов', '2025-01-10', '100'],
  ['Москва', 'Петров', '2025-02-15', '50'],
  ['Казань', 'Сидоров', '2025-02-20', '70'],
  ['Казань', 'Сидоров', '2025-03-05', '30'],
  ['Самара', 'Орлова', '2025-03-10', '5'],
  ['Самара', 'Орлова', recent, '1'],
]
const field = (column: string) => ({ kind: 'field' as const, table: null, column })
const builder = (over: Partial<Query>): Query => ({
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

describe('dashboard card runs with server-side filters (PostgreSQL system DB, DuckDB warehouse)', () => {
  let t: TestApp
  let admin: Session
  let viewer: Session
  let viewerId: string
  let collection: ApiCollection
  let byRegion: ApiQuestion
  let byMonth: ApiQuestion
  let nativeQ: ApiQuestion
  let dashboard: ApiDashboard

  const post = (s: Session | null, url: string, payload: unknown = {}) =>
    t.as(s, { method: 'POST', url, payload })
  const run = (s: Session | null, card: string, payload: unknown = {}, id = dashboard.id) =>
    post(s, `/api/dashboards/${id}/cards/${card}/run`, payload)
  const rowsOf = async (s: Session, card: string, payload: unknown = {}) => {
    const res = await run(s, card, payload)
    expect(res.statusCode, res.body).toBe(200)
    return (res.json() as QueryRunResult).rows
  }
  const save = async (body: Omit<QuestionBody, 'collectionId' | 'sourceId'>) => {
    const res = await post(admin, '/api/questions', {
      ...body,
      collectionId: collection.id,
      sourceId: 'warehouse',
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as ApiQuestion
  }
  const sourceField = (column: string) => ({ sourceId: 'warehouse', ...sales, column })
  const body = (): DashboardBody => ({
    name: 'Продажи',
    collectionId: collection.id,
    cards: [
      {
        id: 'region',
        kind: 'question',
        tabId: 'main',
        layout: { x: 0, y: 0, w: 6, h: 4 },
        questionId: byRegion.id,
      },
      {
        id: 'month',
        kind: 'question',
        tabId: 'main',
        layout: { x: 6, y: 0, w: 6, h: 4 },
        questionId: byMonth.id,
      },
      {
        id: 'sql',
        kind: 'question',
        tabId: 'main',
        layout: { x: 0, y: 4, w: 6, h: 4 },
        questionId: nativeQ.id,
      },
      { id: 'note', kind: 'heading', tabId: 'main', layout: { x: 6, y: 4, w: 6, h: 1 }, text: 'Итоги' },
    ],
    filters: [
      {
        id: 'period',
        name: 'Период',
        type: 'date-range',
        field: sourceField('sold_on'),
        default: { from: '2025-01-01', to: '2025-12-31' },
        targets: [
          { cardId: 'region', field: { table: null, column: 'sold_on' } },
          { cardId: 'month', field: { table: null, column: 'sold_on' } },
          { cardId: 'sql', variable: 'date_from', variableTo: 'date_to' },
        ],
      },
      {
        id: 'region',
        name: 'Регион',
        type: 'text',
        field: sourceField('region'),
        targets: [
          { cardId: 'region', field: { table: null, column: 'region' } },
          { cardId: 'month', field: { table: null, column: 'region' } },
          { cardId: 'sql', variable: 'region' },
        ],
      },
      {
        id: 'manager',
        name: 'Менеджер',
        type: 'text',
        field: sourceField('manager'),
        linkedFilterIds: ['region'],
        targets: [{ cardId: 'region', field: { table: null, column: 'manager' } }],
      },
      {
        id: 'amount',
        name: 'Сумма',
        type: 'number-range',
        targets: [{ cardId: 'region', field: { table: null, column: 'amount' } }],
      },
    ],
  })

  beforeAll(async () => {
    t = await createTestApp({ db: 'postgres' })
    admin = await t.setupAdmin()
    const v = await t.createUser(admin, 'viewer')
    viewerId = v.id
    viewer = await t.login(v.email, v.password)
    const columns = [
      { identifier: 'region', type: 'text' as const, required: true },
      { identifier: 'manager', type: 'text' as const, required: true },
      { identifier: 'sold_on', type: 'date' as const, required: true },
      { identifier: 'amount', type: 'decimal' as const, required: true },
    ]
    await t.services.warehouse.createTable(sales, columns)
    await t.services.warehouse.load(
      sales,
      columns,
      (async function* () {
        yield ROWS
      })(),
      { kind: 'append' },
      { batchId: 'b1' },
    )
    collection = (await post(admin, '/api/collections', { name: 'Продажи' })).json()
    const sum = { kind: 'sum' as const, field: field('amount'), p: null, name: 'total' }
    byRegion = await save({
      name: 'Выручка по регионам',
      query: {
        kind: 'builder',
        query: builder({
          aggregations: [sum],
          breakouts: [{ field: field('region'), bucket: null, name: null }],
          orderBy: [{ target: { kind: 'breakout', index: 0 }, direction: 'asc' }],
        }),
      },
      visualization: { type: 'bar', dimension: 'region', metrics: ['total'] },
    })
    byMonth = await save({
      name: 'Выручка по месяцам',
      query: {
        kind: 'builder',
        query: builder({
          aggregations: [sum],
          breakouts: [{ field: field('sold_on'), bucket: 'month', name: 'month' }],
          orderBy: [{ target: { kind: 'breakout', index: 0 }, direction: 'asc' }],
        }),
      },
    })
    nativeQ = await save({
      name: 'Строки SQL',
      query: {
        kind: 'native',
        sql: `select region, amount from ${T} where 1 = 1 [[ and region = {{region}} ]] [[ and sold_on >= {{date_from}} ]] [[ and sold_on <= {{date_to}} ]] order by sold_on`,
        variables: [
          { name: 'region', type: 'text', default: null, field: null },
          { name: 'date_from', type: 'date', default: null, field: null },
          { name: 'date_to', type: 'date', default: null, field: null },
        ],
      },
    })
    const created = await post(admin, '/api/dashboards', body())
    expect(created.statusCode, created.body).toBe(201)
    dashboard = created.json()
    const share = await t.as(admin, {
      method: 'PUT',
      url: `/api/collections/${collection.id}/permissions`,
      payload: { grants: [{ subjectType: 'user', subjectId: viewerId, level: 'view' }] },
    })
    expect(share.statusCode, share.body).toBe(200)
  }, 60_000)
  afterAll(() => t.close())

  it('refuses anonymous callers, missing CSRF, the source permission, bad values and unknown cards', async () => {
    expect((await run(null, 'region')).statusCode).toBe(401)
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: `/api/dashboards/${dashboard.id}/cards/region/run`,
      headers: { cookie: viewer.cookie },
      payload: {},
    })
    expect(noCsrf.statusCode).toBe(403)
    // A viewer may run builder cards, but SQL needs the `sql` permission on the source.
    const sqlDenied = await run(viewer, 'sql')
    expect(sqlDenied.statusCode).toBe(403)
    expect(sqlDenied.json().error.code).toMatch(/^SOURCE_/)

    const notNumber = await run(viewer, 'region', { filters: { amount: { from: 'много', to: null } } })
    expect(notNumber.statusCode).toBe(400)
    expect(notNumber.json().error).toMatchObject({
      code: 'DASHBOARD_FILTER_VALUE_INVALID',
      details: { filterId: 'amount' },
    })
    expect((await run(viewer, 'region', { filters: { nope: 'x' } })).json().error.code).toBe(
      'DASHBOARD_FILTER_VALUE_INVALID',
    )
    expect((await run(viewer, 'region', { filters: { period: { from: 1 } } })).json().error.code).toBe(
      'VALIDATION_FAILED',
    )
    // A click may only filter by a column some card groups by.
    const sneaky = await run(viewer, 'region', {
      crossFilters: [{ field: sourceField('manager'), value: 'Иванов', bucket: null }],
    })
    expect(sneaky.json().error.code).toBe('DASHBOARD_FILTER_VALUE_INVALID')

    expect((await run(viewer, 'nope')).statusCode).toBe(404)
    expect((await run(viewer, 'note')).statusCode).toBe(404)
    expect((await run(viewer, 'region', {}, 'no-such-dashboard')).statusCode).toBe(404)
  })

  it('answers the dashboard with what every card needs, and checks filters on save', async () => {
    const got = (
      await t.as(viewer, { method: 'GET', url: `/api/dashboards/${dashboard.id}` })
    ).json() as ApiDashboard
    const region = got.questions.find((q) => q.id === byRegion.id)!
    expect(region).toMatchObject({
      kind: 'builder',
      tables: [{ alias: null, ...sales }],
      dimensions: [{ column: 'region', field: { table: null, column: 'region' }, bucket: null }],
      visualization: expect.objectContaining({ type: 'bar' }),
    })
    expect(got.questions.find((q) => q.id === byMonth.id)!.dimensions).toEqual([
      { column: 'month', field: { table: null, column: 'sold_on' }, bucket: 'month' },
    ])
    expect(got.questions.find((q) => q.id === nativeQ.id)!.variables.map((v) => v.name)).toEqual([
      'region',
      'date_from',
      'date_to',
    ])

    const bad = body()
    bad.filters![0]!.targets = [{ cardId: 'sql', variable: 'date_from' }]
    const refused = await t.as(admin, { method: 'PUT', url: `/api/dashboards/${dashboard.id}`, payload: bad })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error).toMatchObject({
      code: 'DASHBOARD_FILTER_INVALID',
      details: { filterId: 'period' },
    })
    const unchanged = (await t.as(admin, { method: 'GET', url: `/api/dashboards/${dashboard.id}` })).json()
    expect(unchanged.filters[0].targets).toHaveLength(3)
  })

  it('applies defaults, date ranges, presets, categories and number ranges on the server', async () => {
    // Default period: 2025 (the recent row is in another year only when today is not in 2025).
    const in2025 = ROWS.filter((r) => r[2]!.startsWith('2025'))
    const total = (rows: typeof ROWS) => rows.reduce((s, r) => s + Number(r[3]), 0)
    const all = await rowsOf(viewer, 'region')
    expect(all.reduce((s, r) => s + Number(r[1]), 0)).toBe(total(in2025))

    const feb = await rowsOf(viewer, 'region', {
      filters: { period: { from: '2025-02-01', to: '2025-02-28' } },
    })
    expect(feb.map((r) => [r[0], Number(r[1])])).toEqual([
      ['Казань', 70],
      ['Москва', 50],
    ])
    const last30 = await rowsOf(viewer, 'region', { filters: { period: { preset: 'last-30-days' } } })
    expect(last30.map((r) => [r[0], Number(r[1])])).toEqual([['Самара', 1]])
    const cleared = await rowsOf(viewer, 'region', { filters: { period: null } })
    expect(cleared.reduce((s, r) => s + Number(r[1]), 0)).toBe(total(ROWS))

    const two = await rowsOf(viewer, 'month', { filters: { region: ['Казань', 'Самара'], period: null } })
    const months = new Map<string, number>()
    for (const [region, , day, amount] of ROWS)
      if (region !== 'Москва')
        months.set(day!.slice(0, 7), (months.get(day!.slice(0, 7)) ?? 0) + Number(amount))
    expect(two.map((r) => [String(r[0]).slice(0, 7), Number(r[1])])).toEqual([...months].sort())
    const big = await rowsOf(viewer, 'region', { filters: { amount: { from: 50, to: 100 } } })
    expect(big.map((r) => [r[0], Number(r[1])])).toEqual([
      ['Казань', 70],
      ['Москва', 150],
    ])
  })

  it('fills native variables, both ends of a range, and refuses several values for one variable', async () => {
    const rows = await rowsOf(admin, 'sql', {
      filters: { region: 'Москва', period: { from: '2025-02-01', to: null } },
    })
    expect(rows.map((r) => [r[0], Number(r[1])])).toEqual([['Москва', 50]])
    const many = await run(admin, 'sql', { filters: { region: ['Москва', 'Казань'] } })
    expect(many.json().error.code).toBe('DASHBOARD_FILTER_VALUE_INVALID')
  })

  it('cross-filters every card reading the clicked table; a month bar filters by its month', async () => {
    const click = { field: sourceField('region'), value: 'Казань', bucket: null }
    const month = await rowsOf(viewer, 'month', { crossFilters: [click] })
    expect(month.map((r) => Number(r[1]))).toEqual([70, 30])
    const sql = await rowsOf(admin, 'sql', { crossFilters: [click] })
    expect(sql.map((r) => r[0])).toEqual(['Казань', 'Казань'])
    const march = { field: sourceField('sold_on'), value: '2025-03-01', bucket: 'month' }
    const regions = await rowsOf(viewer, 'region', { crossFilters: [march] })
    expect(regions.map((r) => [r[0], Number(r[1])])).toEqual([
      ['Казань', 30],
      ['Самара', 5],
    ])
  })

  it('serves a repeated card run from the cache', async () => {
    const payload = { filters: { region: ['Москва'] } }
    await run(viewer, 'region', payload)
    const again = (await run(viewer, 'region', payload)).json() as QueryRunResult
    expect(again.cached).toBe(true)
    expect((await run(viewer, 'region', { ...payload, refresh: true })).json().cached).toBe(false)
  })

  it('answers what the cache holds for one tab under the defaults, and runs nothing', async () => {
    // SQL no other test runs, so nothing of it is cached yet.
    const count = await save({
      name: 'Сколько строк',
      query: { kind: 'native', sql: `select count(*) as n from ${T} where amount > 0`, variables: [] },
    })
    const top = await save({
      name: 'Максимум',
      query: { kind: 'native', sql: `select max(amount) as top from ${T} where amount > 0`, variables: [] },
    })
    const made = await post(admin, '/api/dashboards', {
      name: 'Две вкладки',
      collectionId: collection.id,
      tabs: [
        { id: 'main', name: 'Главная' },
        { id: 'more', name: 'Ещё' },
      ],
      cards: [
        {
          id: 'count',
          kind: 'question',
          tabId: 'main',
          layout: { x: 0, y: 0, w: 6, h: 4 },
          questionId: count.id,
        },
        {
          id: 'top',
          kind: 'question',
          tabId: 'more',
          layout: { x: 0, y: 0, w: 6, h: 4 },
          questionId: top.id,
        },
      ],
      filters: [],
    })
    expect(made.statusCode, made.body).toBe(201)
    const id = (made.json() as ApiDashboard).id
    const cached = async (s: Session | null, query = '') => {
      const res = await t.as(s, { method: 'GET', url: `/api/dashboards/${id}/cards/cached${query}` })
      return { status: res.statusCode, cards: res.statusCode === 200 ? res.json().cards : null }
    }

    expect(await cached(admin)).toEqual({ status: 200, cards: {} })
    // Nothing ran: the first run is still a miss.
    const first = (await run(admin, 'count', {}, id)).json() as QueryRunResult
    expect(first.cached).toBe(false)

    const after = await cached(admin)
    expect(Object.keys(after.cards)).toEqual(['count'])
    expect(after.cards.count).toMatchObject({ cached: true, rows: first.rows, columns: first.columns })
    expect(after.cards.count.compiled.sql).toBe(first.compiled!.sql)
    expect(after.cards.count.runId).not.toBe(first.runId)

    // Another tab is asked for by name; the first tab's cards are not in it.
    expect((await cached(admin, '?tab=more')).cards).toEqual({})
    await run(admin, 'top', {}, id)
    expect(Object.keys((await cached(admin, '?tab=more')).cards)).toEqual(['top'])

    // A viewer without the SQL permission on the source is not shown a SQL card's result; a caller
    // without a session, nothing at all; an unknown dashboard is 404.
    expect(await cached(viewer)).toEqual({ status: 200, cards: {} })
    expect((await cached(null)).status).toBe(401)
    expect((await t.as(admin, { method: 'GET', url: '/api/dashboards/nope/cards/cached' })).statusCode).toBe(
      404,
    )
    expect((await cached(admin, '?tab=%3Cscript%3E')).status).toBe(400)
  })

  it('exports a card with its filters as CSV and .xlsx', async () => {
    const csv = await post(viewer, `/api/dashboards/${dashboard.id}/cards/region/export`, {
      format: 'csv',
      filters: { region: ['Москва'] },
    })
    expect(csv.statusCode, csv.body).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(decodeURIComponent(String(csv.headers['content-disposition']))).toContain(
      'Выручка по регионам.csv',
    )
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
    expect(lines[0]).toBe('region,total')
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['Москва'])

    const xlsx = await post(viewer, `/api/dashboards/${dashboard.id}/cards/month/export`, {
      format: 'xlsx',
      filters: { period: { from: '2025-03-01', to: '2025-03-31' } },
    })
    expect(xlsx.statusCode).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]!
    expect(sheet.rowCount).toBe(2)
    expect(Number(sheet.getRow(2).getCell(2).value)).toBe(35)

    const refused = await post(viewer, `/api/dashboards/${dashboard.id}/cards/sql/export`, { format: 'csv' })
    expect(refused.statusCode).toBe(403)
  })

  it('shows the rows behind a clicked bar, with the filters applied', async () => {
    const url = `/api/dashboards/${dashboard.id}/cards/region/rows`
    const res = await post(viewer, url, {
      filters: { period: { from: '2025-01-01', to: '2025-02-28' } },
      selection: { column: 'region', value: 'Москва' },
    })
    expect(res.statusCode, res.body).toBe(200)
    const rows = res.json() as DashboardCardRows
    expect(rows.columns.map((c) => c.name)).toEqual(['region', 'manager', 'sold_on', 'amount'])
    expect(rows.rows.map((r) => r[1])).toEqual(expect.arrayContaining(['Иванов', 'Петров']))
    expect(rows.rows).toHaveLength(2)
    expect(rows.query).toMatchObject({ aggregations: [], breakouts: [], limit: 2000 })
    const monthRows = (
      await post(viewer, `/api/dashboards/${dashboard.id}/cards/month/rows`, {
        filters: { period: null },
        selection: { column: 'month', value: '2025-03-01' },
      })
    ).json() as DashboardCardRows
    expect(monthRows.rows.map((r) => r[2])).toEqual(expect.arrayContaining(['2025-03-05', '2025-03-10']))
    expect(monthRows.rows).toHaveLength(2)
    expect((await post(admin, `/api/dashboards/${dashboard.id}/cards/sql/rows`)).json().error.code).toBe(
      'DASHBOARD_ROWS_UNAVAILABLE',
    )
    expect((await post(viewer, url, { selection: { column: 'total', value: 1 } })).json().error.code).toBe(
      'DASHBOARD_ROWS_UNAVAILABLE',
    )
  })

  it('lists the distinct values of a filter field, searched and restricted by linked filters', async () => {
    const values = (filterId: string, payload: unknown = {}) =>
      post(viewer, `/api/dashboards/${dashboard.id}/filters/${filterId}/values`, payload)
    expect((await values('region')).json()).toEqual({
      values: ['Казань', 'Москва', 'Самара'],
      truncated: false,
    })
    expect(((await values('region', { search: 'ка' })).json() as DashboardFilterValues).values).toEqual([
      'Казань',
    ])
    const linked = (await values('manager', { filters: { region: ['Москва'] } })).json()
    expect(linked.values).toEqual(['Иванов', 'Петров'])
    expect((await values('amount')).json().error.code).toBe('DASHBOARD_FILTER_INVALID')
    expect((await values('nope')).statusCode).toBe(404)
    expect(
      (
        await t.as(null, {
          method: 'POST',
          url: `/api/dashboards/${dashboard.id}/filters/region/values`,
          payload: {},
        })
      ).statusCode,
    ).toBe(401)
  })

  it('hands a category and a period to field-filter variables of a SQL card', async () => {
    const q = await save({
      name: 'SQL с фильтрами по полям',
      query: {
        kind: 'native',
        sql: `select region, sum(amount) as total from ${T} where {{r}} and {{p}} group by 1 order by 1`,
        variables: [
          { name: 'r', type: 'field-filter', default: null, field: { ...sales, column: 'region' } },
          { name: 'p', type: 'field-filter', default: null, field: { ...sales, column: 'sold_on' } },
        ],
      },
    })
    const created = await post(admin, '/api/dashboards', {
      name: 'Поля',
      collectionId: collection.id,
      cards: [
        { id: 'ff', kind: 'question', tabId: 'main', layout: { x: 0, y: 0, w: 6, h: 4 }, questionId: q.id },
      ],
      filters: [
        {
          id: 'r',
          name: 'Регион',
          type: 'text',
          field: sourceField('region'),
          targets: [{ cardId: 'ff', variable: 'r' }],
        },
        {
          id: 'p',
          name: 'Период',
          type: 'date-range',
          field: sourceField('sold_on'),
          targets: [{ cardId: 'ff', variable: 'p' }],
        },
      ],
    })
    expect(created.statusCode, created.body).toBe(201)
    const id = (created.json() as ApiDashboard).id
    const rows = async (filters: object) => {
      const res = await run(admin, 'ff', { filters }, id)
      expect(res.statusCode, res.body).toBe(200)
      return (res.json() as QueryRunResult).rows.map((r) => [r[0], Number(r[1])])
    }
    expect(await rows({ r: ['Москва', 'Самара'], p: { from: '2025-02-01', to: '2025-03-31' } })).toEqual([
      ['Москва', 50],
      ['Самара', 5],
    ])
    const all = await rows({})
    expect(all.map((r) => r[0])).toEqual(['Казань', 'Москва', 'Самара'])
  })
})
