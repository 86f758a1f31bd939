import type {
  ApiCollection,
  ApiDashboard,
  ApiShare,
  CreatedShare,
  DashboardBody,
  PublicCardResult,
  PublicDashboard,
} from '@vitrina/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256 } from '../../lib/tokens'
import { SYSTEM_DB_KINDS } from '../../testing/databases'
import { createTestApp, type Session, type TestApp } from '../../testing/test-app'

const sales = { schema: 'main', name: 'share_sales' }
const ROWS = [
  ['Москва', '1200'],
  ['Казань', '650'],
  ['Самара', '300'],
]

describe.each(SYSTEM_DB_KINDS)('public links of dashboards (%s system DB)', (db) => {
  let t: TestApp
  let admin: Session
  let editor: Session
  let editorId: string
  let viewer: Session
  let outsider: Session
  let collection: ApiCollection
  let dashboard: ApiDashboard

  const call = (
    s: Session | null,
    method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH',
    url: string,
    payload?: unknown,
  ) => t.as(s, { method, url, payload })
  const sharesUrl = () => `/api/dashboards/${dashboard.id}/shares`
  const createShare = async (payload: unknown = {}) => {
    const res = await call(editor, 'POST', sharesUrl(), payload)
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as CreatedShare
  }
  const open = (token: string) => call(null, 'GET', `/api/public/dashboards/${token}`)
  const runCard = (token: string, filters: Record<string, unknown> = {}, card = 'sales') =>
    call(null, 'POST', `/api/public/dashboards/${token}/cards/${card}/run`, { filters })
  const regionsOf = (res: { json(): unknown }) => (res.json() as PublicCardResult).rows.map((r) => r[0])

  beforeAll(async () => {
    t = await createTestApp({ db })
    admin = await t.setupAdmin()
    const e = await t.createUser(admin, 'analyst')
    editorId = e.id
    editor = await t.login(e.email, e.password)
    const v = await t.createUser(admin, 'viewer')
    viewer = await t.login(v.email, v.password)
    const o = await t.createUser(admin, 'analyst')
    outsider = await t.login(o.email, o.password)
    const columns = [
      { identifier: 'region', type: 'text' as const, required: true },
      { identifier: 'revenue', type: 'decimal' as const, required: true },
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
    collection = (await call(editor, 'POST', '/api/collections', { name: 'Продажи' })).json()
    // The viewer may see the dashboard but not change it.
    await call(editor, 'PUT', `/api/collections/${collection.id}/permissions`, {
      grants: [
        { subjectType: 'user', subjectId: editorId, level: 'edit' },
        { subjectType: 'user', subjectId: v.id, level: 'view' },
      ],
    })
    const question = (
      await call(editor, 'POST', '/api/questions', {
        name: 'Выручка по регионам',
        collectionId: collection.id,
        sourceId: 'warehouse',
        query: {
          kind: 'native',
          sql: `select region, revenue from main.share_sales where 1 = 1 [[ and region = {{region}} ]] order by revenue desc`,
          variables: [{ name: 'region', type: 'text', default: null, field: null }],
        },
        visualization: { type: 'bar', dimension: 'region', metrics: ['revenue'] },
      })
    ).json()
    const body: DashboardBody = {
      name: 'Утренний обзор',
      collectionId: collection.id,
      cards: [
        {
          id: 'sales',
          kind: 'question',
          tabId: 'main',
          layout: { x: 0, y: 0, w: 6, h: 4 },
          questionId: question.id,
        },
        {
          id: 'note',
          kind: 'text',
          tabId: 'main',
          layout: { x: 6, y: 0, w: 6, h: 2 },
          text: '**Итоги** месяца',
        },
      ],
      filters: [
        {
          id: 'region',
          name: 'Регион',
          type: 'text',
          field: { sourceId: 'warehouse', ...sales, column: 'region' },
          targets: [{ cardId: 'sales', variable: 'region' }],
        },
      ],
    }
    const created = await call(editor, 'POST', '/api/dashboards', body)
    expect(created.statusCode, created.body).toBe(201)
    dashboard = created.json()
  })
  afterAll(() => t?.close())

  it('refuses anonymous callers, viewers, outsiders and bad bodies, creating nothing', async () => {
    expect((await call(null, 'GET', sharesUrl())).statusCode).toBe(401)
    expect((await call(null, 'POST', sharesUrl(), {})).statusCode).toBe(401)
    expect((await call(viewer, 'POST', sharesUrl(), {})).statusCode).toBe(403)
    expect((await call(outsider, 'POST', sharesUrl(), {})).json().error.code).toBe('NOT_FOUND')
    const unknownFilter = await call(editor, 'POST', sharesUrl(), { lockedFilters: { nope: 'x' } })
    expect(unknownFilter.statusCode).toBe(400)
    expect(unknownFilter.json().error.code).toBe('SHARE_FILTER_UNKNOWN')
    const past = await call(editor, 'POST', sharesUrl(), { expiresAt: '2020-01-01T00:00:00Z' })
    expect(past.statusCode).toBe(400)
    expect(past.json().error.code).toBe('VALIDATION_FAILED')
    const badValue = await call(editor, 'POST', sharesUrl(), { lockedFilters: { region: { bad: 1 } } })
    expect(badValue.statusCode).toBe(400)
    expect((await call(editor, 'GET', sharesUrl())).json().shares).toEqual([])
  })

  it('creates a link shown once, stores only its hash, and audits it', async () => {
    const created = await createShare({ label: 'для партнёров', lockedFilters: { region: 'Казань' } })
    expect(created.path).toBe(`/public/d/${created.token}`)
    expect(created.share).toMatchObject({
      label: 'для партнёров',
      status: 'active',
      lockedFilters: { region: 'Казань' },
      expiresAt: null,
      createdBy: { id: editorId },
    })
    const rows = await t.services.db.selectFrom('dashboard_shares').selectAll().execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]!.token_hash).toBe(sha256(created.token))
    expect(JSON.stringify(rows)).not.toContain(created.token)
    const list = (await call(editor, 'GET', sharesUrl())).json().shares as ApiShare[]
    expect(list.map((s) => s.id)).toEqual([created.share.id])
    expect(JSON.stringify(list)).not.toContain(created.token)
    const audit = await call(admin, 'GET', '/api/admin/audit?action=share.created')
    expect(audit.json().events[0]).toMatchObject({ targetId: created.share.id, actorId: editorId })
  })

  it('shows the read-only dashboard without a session: layout and charts, never SQL', async () => {
    const { token } = await createShare()
    const res = await open(token)
    expect(res.statusCode, res.body).toBe(200)
    const page = res.json() as PublicDashboard
    expect(page).toMatchObject({ kind: 'link', name: 'Утренний обзор', lockedFilters: {}, expiresAt: null })
    expect(page.cards.map((c) => c.id)).toEqual(['sales', 'note'])
    expect(page.questions[0]).toMatchObject({ name: 'Выручка по регионам', visualization: { type: 'bar' } })
    expect(res.body).not.toContain('select')
    expect(res.body).not.toContain(collection.id)
    expect(res.body).not.toContain(editorId)
  })

  it('runs a card as the creator; the viewer’s values apply unless the filter is locked', async () => {
    const open = await createShare()
    const all = await runCard(open.token)
    expect(all.statusCode, all.body).toBe(200)
    expect(regionsOf(all)).toEqual(['Москва', 'Казань', 'Самара'])
    expect(all.json()).not.toHaveProperty('compiled')
    expect(regionsOf(await runCard(open.token, { region: 'Москва' }))).toEqual(['Москва'])

    const locked = await createShare({ lockedFilters: { region: 'Казань' } })
    expect(regionsOf(await runCard(locked.token))).toEqual(['Казань'])
    expect(regionsOf(await runCard(locked.token, { region: 'Москва' }))).toEqual(['Казань'])
    expect(regionsOf(await runCard(locked.token, { region: null }))).toEqual(['Казань'])
    // A card that is not a question, or not on the dashboard, has nothing to run.
    expect((await runCard(locked.token, {}, 'note')).statusCode).toBe(404)
    expect((await runCard(locked.token, {}, 'nope')).statusCode).toBe(404)
  })

  it('lists a category filter’s values only on links that lock nothing', async () => {
    const values = (token: string) =>
      call(null, 'POST', `/api/public/dashboards/${token}/filters/region/values`, { filters: {} })
    const open = await createShare()
    const res = await values(open.token)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().values).toEqual(['Казань', 'Москва', 'Самара'])
    const locked = await createShare({ lockedFilters: { region: 'Казань' } })
    expect((await values(locked.token)).statusCode).toBe(403)
    expect((await values('forged')).json().error.code).toBe('SHARE_NOT_FOUND')
  })

  it('answers 404 SHARE_NOT_FOUND to forged, mistyped and made-up tokens', async () => {
    const { token } = await createShare()
    const flipped = `${token.slice(0, 5)}${token[5] === 'a' ? 'b' : 'a'}${token.slice(6)}`
    for (const bad of [flipped, 'x', `${token}x`, 'A'.repeat(24) + '.' + 'B'.repeat(43)]) {
      for (const res of [await open(bad), await runCard(bad)]) {
        expect(res.statusCode, bad).toBe(404)
        expect(res.json().error.code).toBe('SHARE_NOT_FOUND')
      }
    }
  })

  it('stops a revoked link at once with 410 SHARE_REVOKED, and audits the revocation', async () => {
    const { token, share } = await createShare()
    expect((await open(token)).statusCode).toBe(200)
    expect((await call(viewer, 'DELETE', `${sharesUrl()}/${share.id}`)).statusCode).toBe(403)
    const revoked = await call(editor, 'DELETE', `${sharesUrl()}/${share.id}`)
    expect(revoked.statusCode, revoked.body).toBe(200)
    expect(revoked.json().share).toMatchObject({ status: 'revoked' })
    for (const res of [await open(token), await runCard(token)]) {
      expect(res.statusCode).toBe(410)
      expect(res.json().error.code).toBe('SHARE_REVOKED')
    }
    // Revoking twice changes nothing and writes one audit event.
    expect((await call(editor, 'DELETE', `${sharesUrl()}/${share.id}`)).statusCode).toBe(200)
    const audit = await call(admin, 'GET', '/api/admin/audit?action=share.revoked')
    expect(audit.json().events.filter((e: { targetId: string }) => e.targetId === share.id)).toHaveLength(1)
    expect((await call(editor, 'DELETE', `${sharesUrl()}/no-such-share`)).statusCode).toBe(404)
  })

  it('stops an expired link with 410 SHARE_EXPIRED', async () => {
    const { token, share } = await createShare({ expiresAt: new Date(Date.now() + 3_600_000).toISOString() })
    expect((await open(token)).json().expiresAt).toBe(share.expiresAt)
    await t.services.db
      .updateTable('dashboard_shares')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', share.id)
      .execute()
    const res = await open(token)
    expect(res.statusCode).toBe(410)
    expect(res.json().error.code).toBe('SHARE_EXPIRED')
    const listed = (await call(editor, 'GET', sharesUrl())).json().shares as ApiShare[]
    expect(listed.find((s) => s.id === share.id)?.status).toBe('expired')
  })

  it('stops working with 410 SHARE_UNAVAILABLE when the creator is deactivated or loses access', async () => {
    const { token } = await createShare({ lockedFilters: { region: 'Самара' } })
    expect((await call(admin, 'PATCH', `/api/admin/users/${editorId}`, { isActive: false })).statusCode).toBe(
      200,
    )
    for (const res of [await open(token), await runCard(token)]) {
      expect(res.statusCode).toBe(410)
      expect(res.json().error.code).toBe('SHARE_UNAVAILABLE')
    }
    expect((await call(admin, 'PATCH', `/api/admin/users/${editorId}`, { isActive: true })).statusCode).toBe(
      200,
    )
    expect(regionsOf(await runCard(token))).toEqual(['Самара'])

    await call(admin, 'PUT', `/api/collections/${collection.id}/permissions`, { grants: [] })
    const gone = await open(token)
    expect(gone.statusCode).toBe(410)
    expect(gone.json().error.code).toBe('SHARE_UNAVAILABLE')
    expect((await runCard(token)).json().error.code).toBe('SHARE_UNAVAILABLE')
    await call(admin, 'PUT', `/api/collections/${collection.id}/permissions`, {
      grants: [{ subjectType: 'user', subjectId: editorId, level: 'edit' }],
    })
    editor = await t.login(editor.user.email, 'analyst-password-1')
    expect((await open(token)).statusCode).toBe(200)
  })

  it('removes the links of a deleted dashboard', async () => {
    const other = (
      await call(editor, 'POST', '/api/dashboards', { name: 'Временный', collectionId: collection.id })
    ).json() as ApiDashboard
    const res = await call(editor, 'POST', `/api/dashboards/${other.id}/shares`, {})
    const { token } = res.json() as CreatedShare
    expect((await open(token)).statusCode).toBe(200)
    expect((await call(editor, 'DELETE', `/api/dashboards/${other.id}`)).statusCode).toBe(204)
    expect((await open(token)).json().error.code).toBe('SHARE_NOT_FOUND')
  })
})

describe('public links: rate limit per IP address', () => {
  let t: TestApp

  beforeAll(async () => {
    t = await createTestApp({ env: { VITRINA_SHARE_RATE_PER_MINUTE: '3' } })
  })
  afterAll(() => t?.close())

  it('answers 429 RATE_LIMITED with retry-after past the limit, counting forged tokens too', async () => {
    const hit = (ip: string) =>
      t.app.inject({ method: 'GET', url: '/api/public/dashboards/forged', remoteAddress: ip })
    for (let i = 0; i < 3; i++) expect((await hit('10.0.0.1')).statusCode).toBe(404)
    const limited = await hit('10.0.0.1')
    expect(limited.statusCode).toBe(429)
    expect(limited.json().error.code).toBe('RATE_LIMITED')
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect((await hit('10.0.0.2')).statusCode).toBe(404)
  })
})
