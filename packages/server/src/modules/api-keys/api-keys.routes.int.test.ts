import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type Session, type TestApp } from '../../testing/test-app'

describe('API keys', () => {
  let t: TestApp
  let admin: Session

  beforeAll(async () => {
    t = await createTestApp()
    admin = await t.setupAdmin()
  })
  afterAll(() => t.close())

  it('shows the secret once, stores only a hash, works as a Bearer token, and stops after revocation', async () => {
    const created = await t.as(admin, {
      method: 'POST',
      url: '/api/me/api-keys',
      payload: { name: 'Cursor' },
    })
    expect(created.statusCode).toBe(201)
    const { key, secret } = created.json() as { key: { id: string; prefix: string }; secret: string }
    expect(secret.startsWith('vtr_')).toBe(true)
    expect(secret.startsWith(key.prefix)).toBe(true)

    const stored = await t.systemDb.db.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow()
    expect(JSON.stringify(stored)).not.toContain(secret)
    const listed = await t.as(admin, { method: 'GET', url: '/api/me/api-keys' })
    expect(listed.body).not.toContain(secret)

    const bearer = { authorization: `Bearer ${secret}` }
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer })
    expect(me.json().user.email).toBe(admin.user.email)
    // No CSRF header needed: a Bearer token is not sent by browsers on their own.
    const group = await t.app.inject({
      method: 'POST',
      url: '/api/admin/groups',
      payload: { name: 'Через ключ' },
      headers: bearer,
    })
    expect(group.statusCode).toBe(201)

    expect((await t.as(admin, { method: 'DELETE', url: `/api/me/api-keys/${key.id}` })).statusCode).toBe(200)
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer })
    expect(after.statusCode).toBe(401)
  })

  it('does not let one user revoke or see another user key', async () => {
    const created = await t.as(admin, { method: 'POST', url: '/api/me/api-keys', payload: { name: 'mine' } })
    const v = await t.createUser(admin, 'viewer')
    const viewer = await t.login(v.email, v.password)
    expect((await t.as(viewer, { method: 'GET', url: '/api/me/api-keys' })).json().keys).toEqual([])
    const res = await t.as(viewer, { method: 'DELETE', url: `/api/me/api-keys/${created.json().key.id}` })
    expect(res.statusCode).toBe(404)
  })

  it('stops a key when its owner is deactivated', async () => {
    const a = await t.createUser(admin, 'analyst')
    const analyst = await t.login(a.email, a.password)
    const { secret } = (
      await t.as(analyst, { method: 'POST', url: '/api/me/api-keys', payload: { name: 'x' } })
    ).json()
    await t.as(admin, { method: 'PATCH', url: `/api/admin/users/${a.id}`, payload: { isActive: false } })
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${secret}` },
    })
    expect(res.statusCode).toBe(401)
  })
  it('lets an admin see every key with its owner and revoke one', async () => {
    const a = await t.createUser(admin, 'analyst')
    const analyst = await t.login(a.email, a.password)
    const { key, secret } = (
      await t.as(analyst, { method: 'POST', url: '/api/me/api-keys', payload: { name: 'BI export' } })
    ).json()
    const all = (await t.as(admin, { method: 'GET', url: '/api/admin/api-keys' })).json().keys as {
      id: string
      userEmail: string
    }[]
    expect(all.find((k) => k.id === key.id)?.userEmail).toBe(a.email)
    expect(JSON.stringify(all)).not.toContain(secret)
    expect((await t.as(admin, { method: 'DELETE', url: `/api/admin/api-keys/${key.id}` })).statusCode).toBe(
      204,
    )
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${secret}` },
    })
    expect(res.statusCode).toBe(401)
  })
})
