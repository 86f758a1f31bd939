import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type Session, type TestApp } from '../testing/test-app'
import { registeredRoutes } from './app'

describe('GET /api/openapi.json', () => {
  let t: TestApp
  let admin: Session
  beforeAll(async () => {
    t = await createTestApp()
    admin = await t.setupAdmin()
  })
  afterAll(() => t.close())

  it('is generated from the route schemas and documents every API route', async () => {
    const res = await t.as(admin, { method: 'GET', url: '/api/openapi.json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> }
    expect(doc.openapi.startsWith('3.')).toBe(true)
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    )
    const api = registeredRoutes(t.app).filter((r) => r.method !== 'HEAD' && r.url !== '/api/openapi.json')
    for (const route of api)
      expect(documented.has(`${route.method} ${route.url}`), `${route.method} ${route.url}`).toBe(true)
    const login = doc.paths['/api/auth/login']?.post as {
      requestBody: { content: Record<string, { schema: { required: string[] } }> }
    }
    expect(login.requestBody.content['application/json']?.schema.required).toEqual(['email', 'password'])
  })
})
