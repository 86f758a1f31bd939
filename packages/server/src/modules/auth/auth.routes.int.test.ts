import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, createTestApp, type Session, type TestApp } from '../../testing/test-app'

describe('auth routes', () => {
  let t: TestApp
  let admin: Session

  beforeAll(async () => {
    t = await createTestApp({
      env: { VITRINA_LOGIN_MAX_FAILURES: '3', VITRINA_LOGIN_RATE_PER_MINUTE: '1000' },
    })
  })
  afterAll(() => t.close())

  it('reports that setup is needed, refuses login before it, then creates the first admin once', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/setup/status' })).json()).toEqual({
      needsSetup: true,
    })
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { ...ADMIN, password: 'short' },
    })
    expect(weak.statusCode).toBe(400)
    expect(weak.json().error.code).toBe('VALIDATION_FAILED')
    expect(weak.json().error.details.issues[0].path).toBe('body.password')

    admin = await t.setupAdmin()
    expect(admin.user).toMatchObject({ email: ADMIN.email, role: 'admin' })
    expect((await t.app.inject({ method: 'GET', url: '/api/setup/status' })).json()).toEqual({
      needsSetup: false,
    })

    const again = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { email: 'evil@example.com', name: 'x', password: 'another-password' },
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('SETUP_ALREADY_DONE')
  })

  it('sets an httpOnly SameSite session cookie and never exposes the token in the body', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: ADMIN.email, password: ADMIN.password },
    })
    expect(res.statusCode).toBe(200)
    const cookie = res.cookies.find((c) => c.name === 'vitrina_session')!
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
    expect(res.body).not.toContain(cookie.value)
  })

  it('gives one generic message for a wrong password and for an unknown email', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: ADMIN.email, password: 'wrong-password' },
    })
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@example.com', password: 'wrong-password' },
    })
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS')
    expect(unknown.json().error.message).toBe(wrong.json().error.message)
  })

  it('locks an email after repeated failures, whether or not the account exists', async () => {
    const v = await t.createUser(admin, 'viewer', 'locked@example.com')
    for (const email of [v.email, 'ghost@example.com']) {
      for (let i = 0; i < 3; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email, password: 'nope-nope' },
        })
        expect(res.statusCode).toBe(401)
      }
      const locked = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: v.password },
      })
      expect(locked.statusCode).toBe(429)
      expect(locked.json().error.code).toBe('TOO_MANY_ATTEMPTS')
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0)
    }
  })

  it('requires the CSRF header on mutations made with a session cookie', async () => {
    const payload = { name: 'Без токена', description: '' }
    const without = await t.app.inject({
      method: 'POST',
      url: '/api/admin/groups',
      payload,
      headers: { cookie: admin.cookie },
    })
    expect(without.statusCode).toBe(403)
    expect(without.json().error.code).toBe('CSRF_FAILED')
    const crossSite = await t.as(admin, {
      method: 'POST',
      url: '/api/admin/groups',
      payload,
      headers: { origin: 'https://evil.example' },
    })
    expect(crossSite.json().error.code).toBe('CSRF_FAILED')
    expect((await t.as(admin, { method: 'GET', url: '/api/admin/groups' })).json().groups).toEqual([])
  })

  it('refuses text/plain bodies, which cross-site forms could send', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
      headers: { 'content-type': 'text/plain' },
    })
    expect(res.statusCode).toBe(415)
  })

  it('ends every session of a user at once when an admin deactivates them', async () => {
    const v = await t.createUser(admin, 'viewer')
    const s1 = await t.login(v.email, v.password)
    const s2 = await t.login(v.email, v.password)
    expect((await t.as(s1, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200)
    const res = await t.as(admin, {
      method: 'PATCH',
      url: `/api/admin/users/${v.id}`,
      payload: { isActive: false },
    })
    expect(res.statusCode).toBe(200)
    for (const s of [s1, s2])
      expect((await t.as(s, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401)
    const relogin = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: v.email, password: v.password },
    })
    expect(relogin.json().error.code).toBe('INVALID_CREDENTIALS')
  })

  it('logs out: the cookie stops working', async () => {
    const s = await t.login(ADMIN.email, ADMIN.password)
    expect((await t.as(s, { method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204)
    expect((await t.as(s, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401)
  })

  it('changes the own password: the old one stops working, other sessions end', async () => {
    const v = await t.createUser(admin, 'analyst')
    const current = await t.login(v.email, v.password)
    const other = await t.login(v.email, v.password)
    const wrong = await t.as(current, {
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: 'not-it', newPassword: 'brand-new-password' },
    })
    expect(wrong.statusCode).toBe(401)
    const ok = await t.as(current, {
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: v.password, newPassword: 'brand-new-password' },
    })
    expect(ok.statusCode).toBe(204)
    expect((await t.as(current, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200)
    expect((await t.as(other, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401)
    await expect(t.login(v.email, v.password)).rejects.toThrow()
    await t.login(v.email, 'brand-new-password')
  })

  it('stores the chosen interface language', async () => {
    const res = await t.as(admin, { method: 'PATCH', url: '/api/auth/me', payload: { locale: 'en' } })
    expect(res.json().user.locale).toBe('en')
    const again = await t.login(ADMIN.email, ADMIN.password)
    expect(again.user.locale).toBe('en')
  })

  it('records logins, failures and changes in the audit log with who and from where', async () => {
    const res = await t.as(admin, { method: 'GET', url: '/api/admin/audit?limit=500' })
    const events = res.json().events as { action: string; ip: string | null; actorEmail: string | null }[]
    const actions = new Set(events.map((e) => e.action))
    for (const a of [
      'auth.setup',
      'auth.login',
      'auth.login_failed',
      'auth.logout',
      'user.created',
      'user.deactivated',
    ]) {
      expect(actions.has(a), a).toBe(true)
    }
    const failed = events.find((e) => e.action === 'auth.login_failed')!
    expect(failed.ip).toBe('127.0.0.1')
    expect(JSON.stringify(events)).not.toContain(ADMIN.password)
  })
})

describe('error shape', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ env: { VITRINA_BODY_LIMIT_MB: '1' } })
  })
  afterAll(() => t.close())

  it('answers malformed JSON with 400 MALFORMED_JSON and a request id', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: '{"email":',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-42' },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({
      error: { code: 'MALFORMED_JSON', message: expect.any(String), details: null, requestId: 'req-42' },
    })
    expect(res.headers['x-request-id']).toBe('req-42')
  })

  it('answers an oversize body with 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    })
    expect(res.statusCode).toBe(413)
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('answers an unknown API route with a 404 JSON error', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/does-not-exist?x=1' })
    expect(res.statusCode).toBe(404)
    expect(res.json().error).toMatchObject({
      code: 'ROUTE_NOT_FOUND',
      message: 'No route GET /api/does-not-exist',
    })
  })

  it('sends security headers with a CSP that forbids inline scripts and framing', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' })
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })
})
