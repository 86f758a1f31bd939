import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type Session, type TestApp } from '../testing/test-app'
import { registeredRoutes } from './app'

/**
 * The only routes anyone may call without signing in. Adding a public route means adding it here,
 * in review, on purpose. Everything else is proven to answer 401 anonymously.
 */
const PUBLIC_ROUTES = [
  'GET /api/health',
  'GET /api/setup/status',
  'POST /api/setup',
  'POST /api/auth/login',
  // A public link's or embedding token's routes: the token in the path is the credential.
  'GET /api/public/dashboards/:token',
  'POST /api/public/dashboards/:token/cards/:cardId/run',
  'POST /api/public/dashboards/:token/filters/:filterId/values',
  'GET /api/embed/dashboards/:token',
  'POST /api/embed/dashboards/:token/cards/:cardId/run',
  'POST /api/embed/dashboards/:token/filters/:filterId/values',
]

const key = (r: { method: string; url: string }) => `${r.method === 'HEAD' ? 'GET' : r.method} ${r.url}`
const concrete = (url: string) => url.replace(/:[A-Za-z_]+/g, 'x').replace(/\*/g, 'x')

describe('route security: closed by default', () => {
  let t: TestApp
  let viewer: Session
  let analyst: Session

  beforeAll(async () => {
    t = await createTestApp()
    const admin = await t.setupAdmin()
    const v = await t.createUser(admin, 'viewer')
    const a = await t.createUser(admin, 'analyst')
    viewer = await t.login(v.email, v.password)
    analyst = await t.login(a.email, a.password)
  })
  afterAll(() => t.close())

  it('registers a sensible number of routes, all under /api', () => {
    const routes = registeredRoutes(t.app)
    expect(routes.length).toBeGreaterThan(15)
    for (const route of routes) expect(route.url.startsWith('/api/'), route.url).toBe(true)
  })

  it('declares exactly the allow-listed routes public', () => {
    const declared = [
      ...new Set(
        registeredRoutes(t.app)
          .filter((r) => r.access === 'public')
          .map(key),
      ),
    ].sort()
    expect(declared).toEqual([...PUBLIC_ROUTES].sort())
  })

  it('answers 401 UNAUTHENTICATED to every other route without credentials', async () => {
    const closed = registeredRoutes(t.app).filter((r) => r.access !== 'public')
    expect(closed.length).toBeGreaterThan(10)
    for (const route of closed) {
      const res = await t.app.inject({ method: route.method as 'GET', url: concrete(route.url), payload: {} })
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401)
      if (route.method !== 'HEAD') expect(res.json().error.code).toBe('UNAUTHENTICATED')
    }
  })

  it('answers 401 to a forged session cookie and a bogus API key', async () => {
    for (const headers of [{ cookie: 'vitrina_session=forged' }, { authorization: 'Bearer vtr_forged' }]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/admin/users', headers })
      expect(res.statusCode).toBe(401)
    }
  })

  it('answers 403 FORBIDDEN to a viewer on every admin route, and to an analyst too', async () => {
    const adminRoutes = registeredRoutes(t.app).filter((r) => r.access === 'admin')
    expect(adminRoutes.length).toBeGreaterThan(5)
    for (const session of [viewer, analyst]) {
      for (const route of adminRoutes) {
        const res = await t.as(session, {
          method: route.method as 'GET',
          url: concrete(route.url),
          payload: {},
        })
        expect(res.statusCode, `${session.user.role} ${route.method} ${route.url}`).toBe(403)
      }
    }
  })

  it('answers 403 to a viewer on every analyst route', async () => {
    for (const route of registeredRoutes(t.app).filter((r) => r.access === 'analyst')) {
      const res = await t.as(viewer, { method: route.method as 'GET', url: concrete(route.url), payload: {} })
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(403)
    }
  })
})
