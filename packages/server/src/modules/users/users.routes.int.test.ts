import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type Session, type TestApp } from '../../testing/test-app'

describe('user and group administration', () => {
  let t: TestApp
  let admin: Session

  beforeAll(async () => {
    t = await createTestApp({ db: 'postgres' })
    admin = await t.setupAdmin()
  })
  afterAll(() => t.close())

  it('creates a user with groups and region attributes, and refuses a duplicate email', async () => {
    const group = (
      await t.as(admin, { method: 'POST', url: '/api/admin/groups', payload: { name: 'Регионы' } })
    ).json()
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/admin/users',
      payload: {
        email: 'Manager@Example.com',
        name: 'Менеджер',
        role: 'viewer',
        password: 'manager-password',
        attributes: { region: 'Москва' },
        groupIds: [group.id],
      },
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({
      email: 'manager@example.com',
      attributes: { region: 'Москва' },
      groups: [{ id: group.id, name: 'Регионы' }],
      isActive: true,
    })
    const dup = await t.as(admin, {
      method: 'POST',
      url: '/api/admin/users',
      payload: { email: 'manager@example.com', name: 'x', role: 'viewer', password: 'manager-password' },
    })
    expect(dup.statusCode).toBe(409)
    expect(dup.json().error.code).toBe('EMAIL_TAKEN')
  })

  it('refuses bad attribute keys and unknown groups with a 400 naming the field', async () => {
    const badKey = await t.as(admin, {
      method: 'POST',
      url: '/api/admin/users',
      payload: {
        email: 'x@example.com',
        name: 'x',
        role: 'viewer',
        password: 'long-enough-pw',
        attributes: { 'Регион!': 'x' },
      },
    })
    expect(badKey.statusCode).toBe(400)
    const unknownGroup = await t.as(admin, {
      method: 'POST',
      url: '/api/admin/users',
      payload: {
        email: 'y@example.com',
        name: 'y',
        role: 'viewer',
        password: 'long-enough-pw',
        groupIds: ['nope'],
      },
    })
    expect(unknownGroup.statusCode).toBe(400)
    expect(unknownGroup.json().error.message).toContain('nope')
    const users = (await t.as(admin, { method: 'GET', url: '/api/admin/users' })).json().users as {
      email: string
    }[]
    expect(users.map((u) => u.email)).not.toContain('y@example.com')
  })

  it('keeps at least one active admin', async () => {
    const demote = await t.as(admin, {
      method: 'PATCH',
      url: `/api/admin/users/${admin.user.id}`,
      payload: { role: 'viewer' },
    })
    expect(demote.statusCode).toBe(409)
    expect(demote.json().error.code).toBe('LAST_ADMIN')
    const deactivate = await t.as(admin, {
      method: 'PATCH',
      url: `/api/admin/users/${admin.user.id}`,
      payload: { isActive: false },
    })
    expect(deactivate.json().error.code).toBe('LAST_ADMIN')
  })

  it('manages group members and records permission changes in the audit log', async () => {
    const v = await t.createUser(admin, 'viewer')
    const group = (
      await t.as(admin, { method: 'POST', url: '/api/admin/groups', payload: { name: 'Казань' } })
    ).json()
    const put = await t.as(admin, {
      method: 'PUT',
      url: `/api/admin/groups/${group.id}/members`,
      payload: { userIds: [v.id] },
    })
    expect(put.json()).toEqual({ userIds: [v.id] })
    const user = (await t.as(admin, { method: 'GET', url: `/api/admin/users/${v.id}` })).json()
    expect(user.groups).toEqual([{ id: group.id, name: 'Казань' }])
    await t.as(admin, {
      method: 'PATCH',
      url: `/api/admin/users/${v.id}`,
      payload: { attributes: { region: 'Казань' } },
    })
    const audit = (
      await t.as(admin, { method: 'GET', url: '/api/admin/audit?action=permission.changed' })
    ).json()
    expect(audit.events[0]).toMatchObject({ targetId: v.id, details: { attributes: { region: 'Казань' } } })
    expect((await t.as(admin, { method: 'DELETE', url: `/api/admin/groups/${group.id}` })).statusCode).toBe(
      204,
    )
    expect((await t.as(admin, { method: 'GET', url: `/api/admin/users/${v.id}` })).json().groups).toEqual([])
  })

  it('answers 404 for an unknown user', async () => {
    const res = await t.as(admin, { method: 'GET', url: '/api/admin/users/does-not-exist' })
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toBe('NOT_FOUND')
  })
})
