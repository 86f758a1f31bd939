import type { ApiCollection, ApiQuestion, QuestionBody } from '@vitrina/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type Session, type TestApp } from '../../testing/test-app'

const builder = (
  source: { kind: 'table'; schema: string; name: string } | { kind: 'question'; id: string },
) => ({
  kind: 'builder' as const,
  query: {
    source,
    joins: [],
    expressions: [],
    filter: null,
    aggregations: [{ kind: 'count' as const, field: null, p: null, name: null }],
    breakouts: [],
    fields: null,
    orderBy: [],
    limit: null,
  },
})

describe.each(['pglite', 'postgres'] as const)('collections and saved questions (%s system DB)', (db) => {
  let t: TestApp
  let admin: Session
  let analyst: Session
  let analystId: string
  let viewer: Session
  let viewerId: string
  let other: Session

  const post = <T>(s: Session, url: string, payload: unknown, status = 201) =>
    t.as(s, { method: 'POST', url, payload }).then((res) => {
      expect(res.statusCode, res.body).toBe(status)
      return res.json() as T
    })
  const question = (collectionId: string, extra: Partial<QuestionBody> = {}): QuestionBody => ({
    name: 'Продажи по месяцам',
    collectionId,
    sourceId: 'warehouse',
    query: builder({ kind: 'table', schema: 'main', name: 'sales' }),
    ...extra,
  })

  beforeAll(async () => {
    t = await createTestApp({ db })
    admin = await t.setupAdmin()
    const a = await t.createUser(admin, 'analyst')
    analystId = a.id
    analyst = await t.login(a.email, a.password)
    const v = await t.createUser(admin, 'viewer')
    viewerId = v.id
    viewer = await t.login(v.email, v.password)
    const o = await t.createUser(admin, 'analyst')
    other = await t.login(o.email, o.password)
  })
  afterAll(() => t.close())

  it('refuses anonymous callers, viewers creating, and bad bodies', async () => {
    expect((await t.as(null, { method: 'GET', url: '/api/collections' })).statusCode).toBe(401)
    expect((await t.as(null, { method: 'GET', url: '/api/questions' })).statusCode).toBe(401)
    expect(
      (await t.as(viewer, { method: 'POST', url: '/api/collections', payload: { name: 'x' } })).statusCode,
    ).toBe(403)
    const bad = await t.as(analyst, { method: 'POST', url: '/api/collections', payload: { name: '' } })
    expect(bad.statusCode).toBe(400)
    const badQuestion = await t.as(analyst, {
      method: 'POST',
      url: '/api/questions',
      payload: { name: 'q', collectionId: 'x', sourceId: 'warehouse', query: { kind: 'native' } },
    })
    expect(badQuestion.statusCode).toBe(400)
  })

  it('keeps a new collection closed to everyone but its creator and admins, until shared', async () => {
    const mine = await post<ApiCollection>(analyst, '/api/collections', { name: 'Отдел продаж' })
    expect(mine.access).toBe('edit')
    const q = await post<ApiQuestion>(analyst, '/api/questions', question(mine.id))
    expect(q.access).toBe('edit')

    // Another analyst and a viewer see nothing, and cannot tell it exists.
    expect((await t.as(other, { method: 'GET', url: '/api/collections' })).json().collections).toEqual([])
    expect((await t.as(viewer, { method: 'GET', url: '/api/questions' })).json().questions).toEqual([])
    expect((await t.as(viewer, { method: 'GET', url: `/api/questions/${q.id}` })).statusCode).toBe(404)
    expect((await t.as(other, { method: 'DELETE', url: `/api/questions/${q.id}` })).statusCode).toBe(404)
    const intrude = await t.as(other, { method: 'POST', url: '/api/questions', payload: question(mine.id) })
    expect(intrude.statusCode).toBe(404)
    // Admins see everything.
    const adminView = (await t.as(admin, { method: 'GET', url: '/api/questions' })).json().questions
    expect(adminView.map((x: { id: string }) => x.id)).toContain(q.id)

    // Share: view for the viewer, via a group for the other analyst.
    const group = (
      await t.as(admin, { method: 'POST', url: '/api/admin/groups', payload: { name: 'Аналитики' } })
    ).json()
    await t.as(admin, {
      method: 'PUT',
      url: `/api/admin/groups/${group.id}/members`,
      payload: { userIds: [other.user.id] },
    })
    const shared = await t.as(analyst, {
      method: 'PUT',
      url: `/api/collections/${mine.id}/permissions`,
      payload: {
        grants: [
          { subjectType: 'user', subjectId: analystId, level: 'edit' },
          { subjectType: 'user', subjectId: viewerId, level: 'view' },
          { subjectType: 'group', subjectId: group.id, level: 'view' },
        ],
      },
    })
    expect(shared.statusCode, shared.body).toBe(200)
    const seen = await t.as(viewer, { method: 'GET', url: `/api/questions/${q.id}` })
    expect(seen.statusCode).toBe(200)
    expect(seen.json().access).toBe('view')
    expect(seen.json().query).toEqual(q.query)
    // View is not edit: 403 now that the collection is visible.
    const change = await t.as(other, {
      method: 'PUT',
      url: `/api/questions/${q.id}`,
      payload: question(mine.id, { name: 'x' }),
    })
    expect(change.statusCode).toBe(403)
    expect(
      (await t.as(other, { method: 'GET', url: `/api/collections/${mine.id}/permissions` })).statusCode,
    ).toBe(403)
    const unknown = await t.as(analyst, {
      method: 'PUT',
      url: `/api/collections/${mine.id}/permissions`,
      payload: { grants: [{ subjectType: 'group', subjectId: 'nope', level: 'view' }] },
    })
    expect(unknown.statusCode).toBe(400)

    // Nested collections inherit the grants of their ancestors.
    const child = await post<ApiCollection>(analyst, '/api/collections', { name: '2026', parentId: mine.id })
    const list = (await t.as(viewer, { method: 'GET', url: '/api/collections' })).json()
      .collections as ApiCollection[]
    expect(list.find((c) => c.id === child.id)).toMatchObject({ parentId: mine.id, access: 'view' })

    const audit = await t.systemDb.db
      .selectFrom('audit_events')
      .select(['action', 'target_id'])
      .where('action', 'in', ['collection.created', 'question.created', 'collection.permissions_changed'])
      .execute()
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'collection.created', target_id: mine.id },
        { action: 'question.created', target_id: q.id },
        { action: 'collection.permissions_changed', target_id: mine.id },
      ]),
    )
  })

  it('updates, moves and deletes with the right checks', async () => {
    const top = await post<ApiCollection>(analyst, '/api/collections', { name: 'Финансы' })
    const inner = await post<ApiCollection>(analyst, '/api/collections', { name: 'Отчёты', parentId: top.id })
    const cycle = await t.as(analyst, {
      method: 'PUT',
      url: `/api/collections/${top.id}`,
      payload: { name: 'Финансы', parentId: inner.id },
    })
    expect(cycle.statusCode).toBe(400)
    expect(cycle.json().error.code).toBe('COLLECTION_CYCLE')

    const q = await post<ApiQuestion>(analyst, '/api/questions', question(inner.id, { name: 'Выручка' }))
    const notEmpty = await t.as(analyst, { method: 'DELETE', url: `/api/collections/${inner.id}` })
    expect(notEmpty.statusCode).toBe(409)
    expect(notEmpty.json().error.code).toBe('COLLECTION_NOT_EMPTY')

    const updated = await t.as(analyst, {
      method: 'PUT',
      url: `/api/questions/${q.id}`,
      payload: question(top.id, {
        name: 'Выручка (SQL)',
        query: {
          kind: 'native',
          sql: 'select * from sales where region = {{region}}',
          variables: [{ name: 'region', type: 'text', default: 'Москва', field: null }],
        },
        cachePolicy: { kind: 'ttl', ttlSeconds: 600 },
      }),
    })
    expect(updated.statusCode, updated.body).toBe(200)
    expect(updated.json()).toMatchObject({
      name: 'Выручка (SQL)',
      collectionId: top.id,
      cachePolicy: { kind: 'ttl' },
    })

    const found = await t.as(analyst, {
      method: 'GET',
      url: `/api/questions?collectionId=${top.id}&search=выруч`,
    })
    expect(found.json().questions.map((x: { id: string }) => x.id)).toEqual([q.id])

    expect((await t.as(analyst, { method: 'DELETE', url: `/api/collections/${inner.id}` })).statusCode).toBe(
      204,
    )
    expect((await t.as(analyst, { method: 'DELETE', url: `/api/questions/${q.id}` })).statusCode).toBe(204)
    expect((await t.as(analyst, { method: 'GET', url: `/api/questions/${q.id}` })).statusCode).toBe(404)
  })

  it('lets a builder question read another one or a SQL question, and refuses cycles and other data sources', async () => {
    const c = await post<ApiCollection>(analyst, '/api/collections', { name: 'Вложенные' })
    const base = await post<ApiQuestion>(analyst, '/api/questions', question(c.id, { name: 'База' }))
    const derived = await post<ApiQuestion>(
      analyst,
      '/api/questions',
      question(c.id, { name: 'Поверх базы', query: builder({ kind: 'question', id: base.id }) }),
    )
    const resolve = await t.services.questions.builderQueryResolver(
      { id: analystId, email: analyst.user.email, role: 'analyst', ip: null },
      derived.query.kind === 'builder' ? derived.query.query : (null as never),
    )
    expect(resolve(base.id)).toMatchObject({
      kind: 'builder',
      query: { source: { kind: 'table', schema: 'main', name: 'sales' } },
    })

    const cycle = await t.as(analyst, {
      method: 'PUT',
      url: `/api/questions/${base.id}`,
      payload: question(c.id, { name: 'База', query: builder({ kind: 'question', id: derived.id }) }),
    })
    expect(cycle.json().error.code).toBe('QUERY_QUESTION_CYCLE')

    const sql = await post<ApiQuestion>(
      analyst,
      '/api/questions',
      question(c.id, { name: 'SQL', query: { kind: 'native', sql: 'select 1', variables: [] } }),
    )
    const overSql = await t.as(analyst, {
      method: 'POST',
      url: '/api/questions',
      payload: question(c.id, { query: builder({ kind: 'question', id: sql.id }) }),
    })
    expect(overSql.statusCode, overSql.body).toBe(201)
    const sqlInUse = await t.as(analyst, { method: 'DELETE', url: `/api/questions/${sql.id}` })
    expect(sqlInUse.statusCode).toBe(409)
    const otherSource = await t.as(analyst, {
      method: 'POST',
      url: '/api/questions',
      payload: question(c.id, { sourceId: 'elsewhere', query: builder({ kind: 'question', id: base.id }) }),
    })
    expect(otherSource.json().error.code).toBe('QUESTION_SOURCE_MISMATCH')

    const inUse = await t.as(analyst, { method: 'DELETE', url: `/api/questions/${base.id}` })
    expect(inUse.statusCode).toBe(409)
  })

  it('checks visualization settings against the chart spec', async () => {
    const c = await post<ApiCollection>(analyst, '/api/collections', { name: 'Графики' })
    const bad = await t.as(analyst, {
      method: 'POST',
      url: '/api/questions',
      payload: question(c.id, { visualization: { type: 'no-such-chart' } }),
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('QUESTION_VISUALIZATION_INVALID')
    const good = await post<ApiQuestion>(
      analyst,
      '/api/questions',
      question(c.id, { visualization: { type: 'bar' } }),
    )
    expect(good.visualization).toMatchObject({ type: 'bar' })
  })
})
