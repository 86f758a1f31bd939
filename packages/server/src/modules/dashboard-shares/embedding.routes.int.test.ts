import type { ApiDashboard, EmbeddingSettings, PublicCardResult, PublicDashboard } from '@vitrina/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../config/config'
import { SYSTEM_DB_KINDS } from '../../testing/databases'
import { createTestApp, type Session, type TestApp } from '../../testing/test-app'
import { signEmbedToken } from './embed-jwt'

const SALES = `select * from (values ('Москва', 1200), ('Казань', 650)) as t(region, revenue)`
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600

describe.each(SYSTEM_DB_KINDS)('embedding with a signed token (%s system DB)', (db) => {
  let t: TestApp
  let admin: Session
  let analyst: Session
  let dashboard: ApiDashboard
  let secret: string

  const call = (s: Session | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    t.as(s, { method, url, payload })
  const open = (jwt: string) => call(null, 'GET', `/api/embed/dashboards/${jwt}`)
  const runCard = (jwt: string, filters: Record<string, unknown> = {}) =>
    call(null, 'POST', `/api/embed/dashboards/${jwt}/cards/sales/run`, { filters })
  const token = (claims: Record<string, unknown> = {}, key = secret) =>
    signEmbedToken({ dashboard: dashboard.id, params: {}, exp: inAnHour(), ...claims }, key)

  beforeAll(async () => {
    t = await createTestApp({ db })
    admin = await t.setupAdmin()
    const a = await t.createUser(admin, 'analyst')
    analyst = await t.login(a.email, a.password)
    const collection = (await call(admin, 'POST', '/api/collections', { name: 'Сайт' })).json()
    const question = (
      await call(admin, 'POST', '/api/questions', {
        name: 'Выручка',
        collectionId: collection.id,
        sourceId: 'warehouse',
        query: {
          kind: 'native',
          sql: `${SALES} where 1 = 1 [[ and region = {{region}} ]]`,
          variables: [{ name: 'region', type: 'text', default: null, field: null }],
        },
      })
    ).json()
    dashboard = (
      await call(admin, 'POST', '/api/dashboards', {
        name: 'Для сайта',
        collectionId: collection.id,
        cards: [
          {
            id: 'sales',
            kind: 'question',
            tabId: 'main',
            layout: { x: 0, y: 0, w: 6, h: 4 },
            questionId: question.id,
          },
        ],
        filters: [
          { id: 'region', name: 'Регион', type: 'text', targets: [{ cardId: 'sales', variable: 'region' }] },
        ],
      })
    ).json()
  })
  afterAll(() => t?.close())

  it('is off until an admin creates a secret; only admins see or rotate it', async () => {
    expect((await call(null, 'GET', '/api/admin/embedding')).statusCode).toBe(401)
    expect((await call(analyst, 'GET', '/api/admin/embedding')).statusCode).toBe(403)
    expect((await call(analyst, 'POST', '/api/admin/embedding/secret')).statusCode).toBe(403)
    const before = (await call(admin, 'GET', '/api/admin/embedding')).json() as EmbeddingSettings
    expect(before).toEqual({ secret: null, rotatedAt: null, rotatedBy: null, origins: [] })
    const off = await open(signEmbedToken({ dashboard: dashboard.id, exp: inAnHour() }, 'guess'))
    expect(off.statusCode).toBe(404)
    expect(off.json().error.code).toBe('EMBED_DISABLED')
  })

  it('creates a secret sealed at rest, audited without the secret', async () => {
    const res = await call(admin, 'POST', '/api/admin/embedding/secret')
    expect(res.statusCode, res.body).toBe(200)
    const settings = res.json() as EmbeddingSettings
    expect(settings.secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(settings.rotatedBy).toEqual({ id: admin.user.id, name: admin.user.name })
    secret = settings.secret!
    expect((await call(admin, 'GET', '/api/admin/embedding')).json().secret).toBe(secret)
    const stored = await t.services.db
      .selectFrom('settings')
      .selectAll()
      .where('key', '=', 'embedding')
      .execute()
    expect(stored).toHaveLength(1)
    expect(JSON.stringify(stored)).not.toContain(secret)
    const audit = await call(admin, 'GET', '/api/admin/audit?action=embedding.secret_rotated')
    expect(audit.json().events).toHaveLength(1)
    expect(JSON.stringify(audit.json())).not.toContain(secret)
  })

  it('shows and runs the dashboard a signed token names, with its params locked', async () => {
    const open1 = await open(token())
    expect(open1.statusCode, open1.body).toBe(200)
    expect(open1.json() as PublicDashboard).toMatchObject({
      kind: 'embed',
      name: 'Для сайта',
      lockedFilters: {},
    })
    const all = await runCard(token())
    expect((all.json() as PublicCardResult).rows.map((r) => r[0])).toEqual(['Москва', 'Казань'])
    const locked = token({ params: { region: 'Казань' } })
    expect((await open(locked)).json().lockedFilters).toEqual({ region: 'Казань' })
    const res = await runCard(locked, { region: 'Москва' })
    expect(res.statusCode, res.body).toBe(200)
    expect((res.json() as PublicCardResult).rows.map((r) => r[0])).toEqual(['Казань'])
  })

  it('refuses forged, expired and wrong tokens with stable codes', async () => {
    const cases: [string, number, string][] = [
      [token({}, 'another-secret'), 403, 'EMBED_TOKEN_INVALID'],
      ['not-a-jwt', 403, 'EMBED_TOKEN_INVALID'],
      [token({ exp: Math.floor(Date.now() / 1000) - 3600 }), 410, 'EMBED_TOKEN_EXPIRED'],
      [token({ dashboard: 'no-such-dashboard' }), 404, 'SHARE_NOT_FOUND'],
      [token({ params: { nope: 'x' } }), 400, 'SHARE_FILTER_UNKNOWN'],
    ]
    for (const [jwt, status, code] of cases) {
      for (const res of [await open(jwt), await runCard(jwt)]) {
        expect(res.statusCode, code).toBe(status)
        expect(res.json().error.code).toBe(code)
      }
    }
  })

  it('stops old tokens when the secret is rotated, and when its admin is deactivated', async () => {
    const old = token()
    const rotated = (await call(admin, 'POST', '/api/admin/embedding/secret')).json() as EmbeddingSettings
    expect(rotated.secret).not.toBe(secret)
    expect((await open(old)).json().error.code).toBe('EMBED_TOKEN_INVALID')
    secret = rotated.secret!
    expect((await open(token())).statusCode).toBe(200)

    // Embeds run as the admin who set the secret: another admin deactivates them, embeds stop.
    const second = await t.createUser(admin, 'admin')
    const other = await t.login(second.email, second.password)
    expect(
      (await call(other, 'PATCH', `/api/admin/users/${admin.user.id}`, { isActive: false })).statusCode,
    ).toBe(200)
    const stopped = await open(token())
    expect(stopped.statusCode).toBe(410)
    expect(stopped.json().error.code).toBe('SHARE_UNAVAILABLE')
  })
})

describe('framing of /embed pages (CSP frame-ancestors)', () => {
  const headersOf = async (env: Record<string, string>, urls: string[]) => {
    const t = await createTestApp({ env })
    try {
      return await Promise.all(urls.map(async (url) => (await t.app.inject({ method: 'GET', url })).headers))
    } finally {
      await t.close()
    }
  }

  it('lets only VITRINA_EMBED_ORIGINS frame /embed/ pages; every other page stays unframeable', async () => {
    const [embed, publicPage, api] = await headersOf(
      { VITRINA_EMBED_ORIGINS: 'https://intranet.example.com, http://localhost:8080' },
      ['/embed/d/some.jwt.token', '/public/d/token', '/api/health'],
    )
    expect(embed!['content-security-policy']).toContain(
      'frame-ancestors https://intranet.example.com http://localhost:8080',
    )
    expect(embed!['content-security-policy']).toContain("script-src 'self'")
    expect(embed!['x-frame-options']).toBeUndefined()
    for (const h of [publicPage!, api!]) {
      expect(h['content-security-policy']).toContain("frame-ancestors 'none'")
      expect(h['x-frame-options']).toBe('SAMEORIGIN')
    }
  })

  it('keeps /embed/ unframeable too when no origin is configured', async () => {
    const [embed] = await headersOf({}, ['/embed/d/some.jwt.token'])
    expect(embed!['content-security-policy']).toContain("frame-ancestors 'none'")
  })

  it('reads VITRINA_EMBED_ORIGINS as a list of origins and refuses anything else, naming it', () => {
    expect(
      loadConfig({ VITRINA_EMBED_ORIGINS: 'https://a.example.com,  http://b.example:8080' }).sharing,
    ).toEqual({
      embedOrigins: ['https://a.example.com', 'http://b.example:8080'],
      ratePerMinute: 600,
    })
    for (const bad of ['https://ok.example.com/path', 'intranet.example.com', '*', 'ftp://x.example'])
      expect(() => loadConfig({ VITRINA_EMBED_ORIGINS: bad }), bad).toThrow(/VITRINA_EMBED_ORIGINS/)
  })
})
