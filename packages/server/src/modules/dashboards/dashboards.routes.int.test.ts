import type {
  ApiCollection,
  ApiDashboard,
  ApiDashboardSummary,
  ApiQuestion,
  DashboardBody,
} from '@vitrina/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type Session, type TestApp } from '../../testing/test-app'

describe('dashboards', () => {
  let t: TestApp
  let admin: Session
  let analyst: Session
  let viewer: Session
  let viewerId: string
  let other: Session
  let collection: ApiCollection
  let question: ApiQuestion

  const call = (
    s: Session | null,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
  ) => t.as(s, { method, url, payload })
  const body = (extra: Partial<DashboardBody> = {}): DashboardBody => ({
    name: 'Продажи: утренний обзор',
    collectionId: collection.id,
    tabs: [
      { id: 'main', name: 'Обзор' },
      { id: 'regions', name: 'Регионы' },
    ],
    cards: [
      { id: 'h1', kind: 'heading', tabId: 'main', layout: { x: 0, y: 0, w: 12, h: 1 }, text: 'Выручка' },
      {
        id: 'c1',
        kind: 'question',
        tabId: 'main',
        layout: { x: 0, y: 1, w: 6, h: 4 },
        questionId: question.id,
      },
      {
        id: 't1',
        kind: 'text',
        tabId: 'regions',
        layout: { x: 0, y: 0, w: 4, h: 2 },
        text: '**Итоги** месяца',
      },
    ],
    ...extra,
  })

  beforeAll(async () => {
    t = await createTestApp()
    admin = await t.setupAdmin()
    const a = await t.createUser(admin, 'analyst')
    analyst = await t.login(a.email, a.password)
    const v = await t.createUser(admin, 'viewer')
    viewerId = v.id
    viewer = await t.login(v.email, v.password)
    const o = await t.createUser(admin, 'analyst')
    other = await t.login(o.email, o.password)
    collection = (await call(analyst, 'POST', '/api/collections', { name: 'Продажи' })).json()
    question = (
      await call(analyst, 'POST', '/api/questions', {
        name: 'Выручка по месяцам',
        collectionId: collection.id,
        sourceId: 'warehouse',
        query: {
          kind: 'native',
          sql: 'select 1 as n where 1 = 1 [[ and {{region}} is not null ]]',
          variables: [{ name: 'region', type: 'text', default: null, field: null }],
        },
        visualization: { type: 'number' },
      })
    ).json()
  })
  afterAll(() => t.close())

  it('refuses anonymous callers, viewers writing, and bad layouts without changing anything', async () => {
    expect((await call(null, 'GET', '/api/dashboards')).statusCode).toBe(401)
    expect((await call(viewer, 'POST', '/api/dashboards', body())).statusCode).toBe(403)
    const offGrid = await call(analyst, 'POST', '/api/dashboards', {
      ...body(),
      cards: [{ id: 'x', kind: 'heading', tabId: 'main', layout: { x: 10, y: 0, w: 4, h: 1 }, text: 'x' }],
    })
    expect(offGrid.statusCode).toBe(400)
    expect(offGrid.json().error.message).toContain('right edge')
    const strayTab = await call(analyst, 'POST', '/api/dashboards', {
      ...body(),
      cards: [{ id: 'x', kind: 'heading', tabId: 'nope', layout: { x: 0, y: 0, w: 4, h: 1 }, text: 'x' }],
    })
    expect(strayTab.json().error.code).toBe('DASHBOARD_INVALID_LAYOUT')
    const missing = await call(analyst, 'POST', '/api/dashboards', {
      ...body(),
      cards: [
        { id: 'x', kind: 'question', tabId: 'main', layout: { x: 0, y: 0, w: 4, h: 3 }, questionId: 'gone' },
      ],
    })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().error).toMatchObject({
      code: 'DASHBOARD_QUESTION_NOT_FOUND',
      details: { questionIds: ['gone'] },
    })
    const badLink = await call(analyst, 'POST', '/api/dashboards', {
      ...body(),
      cards: [
        {
          id: 'l',
          kind: 'link',
          tabId: 'main',
          layout: { x: 0, y: 0, w: 2, h: 1 },
          text: 'x',
          url: 'javascript:alert(1)',
        },
      ],
    })
    expect(badLink.statusCode).toBe(400)
    const strayFilter = await call(analyst, 'POST', '/api/dashboards', {
      ...body(),
      filters: [{ id: 'f', name: 'Регион', type: 'text', targets: [{ cardId: 'nope', variable: 'region' }] }],
    })
    expect(strayFilter.json().error).toMatchObject({
      code: 'DASHBOARD_FILTER_INVALID',
      details: { filterId: 'f' },
    })
    expect((await call(analyst, 'GET', '/api/dashboards')).json().dashboards).toEqual([])
  })

  it('creates, reads, lists, updates and deletes a dashboard, with an audit trail', async () => {
    const created = await call(analyst, 'POST', '/api/dashboards', body())
    expect(created.statusCode, created.body).toBe(201)
    const dashboard = created.json() as ApiDashboard
    expect(dashboard).toMatchObject({ name: 'Продажи: утренний обзор', access: 'edit', refreshSeconds: null })
    expect(dashboard.cards[1]).toMatchObject({
      kind: 'question',
      questionId: question.id,
      title: null,
      visualization: null,
    })

    const list = (await call(analyst, 'GET', '/api/dashboards')).json().dashboards as ApiDashboardSummary[]
    expect(list).toEqual([expect.objectContaining({ id: dashboard.id, cardCount: 3 })])

    const moved = body({
      name: 'Утренний обзор',
      refreshSeconds: 300,
      filters: [
        {
          id: 'region',
          name: 'Регион',
          type: 'text',
          default: 'Москва',
          targets: [{ cardId: 'c1', variable: 'region' }],
        },
      ],
      cards: [
        {
          id: 'c1',
          kind: 'question',
          tabId: 'regions',
          layout: { x: 6, y: 0, w: 6, h: 5 },
          questionId: question.id,
          title: 'Выручка',
          visualization: { type: 'bar', metrics: ['n'] },
        },
      ],
    })
    const updated = (
      await call(analyst, 'PUT', `/api/dashboards/${dashboard.id}`, moved)
    ).json() as ApiDashboard
    expect(updated).toMatchObject({ name: 'Утренний обзор', refreshSeconds: 300 })
    expect(updated.filters).toEqual([
      {
        id: 'region',
        name: 'Регион',
        type: 'text',
        default: 'Москва',
        field: null,
        linkedFilterIds: [],
        targets: [{ cardId: 'c1', variable: 'region', variableTo: null, field: null }],
      },
    ])
    expect(updated.cards).toHaveLength(1)
    expect(updated.cards[0]).toMatchObject({ layout: { x: 6, y: 0, w: 6, h: 5 }, title: 'Выручка' })
    // The override is stored as a complete chart spec.
    expect(updated.cards[0]!.kind === 'question' && updated.cards[0]!.visualization?.stacking).toBe('none')

    const auditRes = await call(admin, 'GET', '/api/admin/audit?limit=50')
    expect(auditRes.statusCode, auditRes.body).toBe(200)
    const audit = auditRes.json()
    const actions = (audit.events as { action: string }[]).map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['dashboard.created', 'dashboard.updated']))

    expect((await call(analyst, 'DELETE', `/api/dashboards/${dashboard.id}`)).statusCode).toBe(204)
    expect((await call(analyst, 'GET', `/api/dashboards/${dashboard.id}`)).statusCode).toBe(404)
  })

  it('follows the collection: hidden from others, read-only with view, editable with edit', async () => {
    const dashboard = (await call(analyst, 'POST', '/api/dashboards', body())).json() as ApiDashboard
    expect((await call(other, 'GET', `/api/dashboards/${dashboard.id}`)).statusCode).toBe(404)
    expect((await call(viewer, 'GET', '/api/dashboards')).json().dashboards).toEqual([])

    const share = await call(analyst, 'PUT', `/api/collections/${collection.id}/permissions`, {
      grants: [{ subjectType: 'user', subjectId: viewerId, level: 'view' }],
    })
    expect(share.statusCode, share.body).toBe(200)
    const seen = await call(viewer, 'GET', `/api/dashboards/${dashboard.id}`)
    expect(seen.statusCode).toBe(200)
    expect(seen.json().access).toBe('view')
    expect((await call(viewer, 'PUT', `/api/dashboards/${dashboard.id}`, body())).statusCode).toBe(403)
    expect((await call(other, 'DELETE', `/api/dashboards/${dashboard.id}`)).statusCode).toBe(404)
    expect((await call(admin, 'GET', `/api/dashboards/${dashboard.id}`)).json().access).toBe('edit')
  })
})
