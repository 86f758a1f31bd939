import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/test-app'
import { checkMetrics } from './testing/promtool'

const TOKEN = 'metrics-token-0123456789'

describe('GET /metrics on the main port, behind METRICS_TOKEN', () => {
  let t: TestApp
  const scrape = (authorization?: string) =>
    t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} })

  beforeAll(async () => {
    t = await createTestApp({ env: { METRICS_TOKEN: TOKEN } })
  })
  afterAll(() => t.close())

  it('refuses a scrape without the token or with a wrong one', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', TOKEN]) {
      const res = await scrape(authorization)
      expect(res.statusCode, String(authorization)).toBe(401)
      expect(res.json().error.code).toBe('UNAUTHENTICATED')
    }
  })

  it('exports latency by route template, sessions, pool usage and event-loop lag; promtool accepts it', async () => {
    const admin = await t.setupAdmin()
    const user = await t.createUser(admin, 'viewer')
    expect((await t.as(admin, { method: 'GET', url: `/api/admin/users/${user.id}` })).statusCode).toBe(200)
    await t.app.inject({ method: 'GET', url: '/api/health' })
    await t.app.inject({ method: 'GET', url: '/api/no-such-route' })

    const res = await scrape(`Bearer ${TOKEN}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/plain')
    const text = res.body
    expect(text).toMatch(
      /vitrina_http_request_duration_seconds_count\{method="GET",route="\/api\/admin\/users\/:id",status="200"\} 1/,
    )
    expect(text).toMatch(/vitrina_http_request_duration_seconds_count\{[^}]*route="\/api\/health"/)
    expect(text).toMatch(/vitrina_http_request_duration_seconds_count\{[^}]*route="unmatched",status="404"/)
    expect(text).not.toContain(user.id)
    expect(text).toMatch(/^vitrina_active_sessions 1$/m)
    expect(text).toMatch(/^vitrina_db_pool_max_connections\{db="system"\} 1$/m)
    // The scrape's own session count may hold PGlite's single connection at that moment.
    expect(text).toMatch(/^vitrina_db_pool_connections\{db="system",state="idle"\} [01]$/m)
    expect(text).toMatch(/^vitrina_db_pool_connections\{db="system",state="in_use"\} [01]$/m)
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m)
    for (const name of [
      'vitrina_query_duration_seconds',
      'vitrina_uploads_total',
      'vitrina_sync_jobs_total',
    ]) {
      expect(text).toContain(`# TYPE ${name}`)
    }

    const lint = await checkMetrics(text)
    expect(lint.output).toBe('')
    expect(lint.code).toBe(0)
  })
})

describe('closed by default', () => {
  it('serves no /metrics without METRICS_TOKEN or METRICS_LISTEN', async () => {
    const t = await createTestApp()
    try {
      const res = await t.app.inject({ method: 'GET', url: '/metrics' })
      expect(res.statusCode).toBe(404)
      expect(res.body).not.toContain('vitrina_')
    } finally {
      await t.close()
    }
  })
})
