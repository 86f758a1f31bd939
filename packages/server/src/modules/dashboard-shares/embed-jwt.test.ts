import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signEmbedToken, verifyEmbedToken } from './embed-jwt'

const SECRET = 'embedding-secret-of-this-installation'
const NOW = Date.parse('2026-03-01T10:00:00Z')
const inAnHour = NOW / 1000 + 3600

const codeOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (err) {
    return (err as { code?: string }).code
  }
  return 'no error'
}
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')

describe('embedding tokens (HS256 JWT)', () => {
  it('accepts a token signed with the secret and returns its claims', () => {
    const token = signEmbedToken({ dashboard: 'd1', params: { region: 'Москва' }, exp: inAnHour }, SECRET)
    expect(verifyEmbedToken(token, SECRET, NOW)).toEqual({
      dashboard: 'd1',
      params: { region: 'Москва' },
      exp: inAnHour,
    })
  })

  it('accepts what a standard JWT library produces for the same claims', () => {
    // The shape jsonwebtoken/jose emit: header {alg, typ}, base64url without padding, HMAC over "h.p".
    const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ dashboard: 'd1', exp: inAnHour, iat: NOW / 1000 })}`
    const token = `${head}.${createHmac('sha256', SECRET).update(head).digest('base64url')}`
    expect(verifyEmbedToken(token, SECRET, NOW).dashboard).toBe('d1')
  })

  it('refuses another secret, alg none, other algorithms, a changed payload and garbage', () => {
    const good = signEmbedToken({ dashboard: 'd1', params: {}, exp: inAnHour }, SECRET)
    expect(codeOf(() => verifyEmbedToken(good, 'another-secret', NOW))).toBe('EMBED_TOKEN_INVALID')
    const [, body, sig] = good.split('.')
    expect(codeOf(() => verifyEmbedToken(`${b64({ alg: 'none' })}.${body}.`, SECRET, NOW))).toBe(
      'EMBED_TOKEN_INVALID',
    )
    expect(codeOf(() => verifyEmbedToken(`${b64({ alg: 'HS512' })}.${body}.${sig}`, SECRET, NOW))).toBe(
      'EMBED_TOKEN_INVALID',
    )
    const forged = `${good.split('.')[0]}.${b64({ dashboard: 'd2', params: {}, exp: inAnHour })}.${sig}`
    expect(codeOf(() => verifyEmbedToken(forged, SECRET, NOW))).toBe('EMBED_TOKEN_INVALID')
    for (const bad of ['', 'a.b', 'a.b.c.d', '!!.??.**', `${b64('x')}.${b64('y')}.zz`])
      expect(codeOf(() => verifyEmbedToken(bad, SECRET, NOW))).toBe('EMBED_TOKEN_INVALID')
  })

  it('requires exp and a dashboard, and refuses an expired token past the clock leeway', () => {
    const noExp = signEmbedToken({ dashboard: 'd1' } as never, SECRET)
    expect(codeOf(() => verifyEmbedToken(noExp, SECRET, NOW))).toBe('EMBED_TOKEN_INVALID')
    const noDashboard = signEmbedToken({ exp: inAnHour } as never, SECRET)
    expect(codeOf(() => verifyEmbedToken(noDashboard, SECRET, NOW))).toBe('EMBED_TOKEN_INVALID')
    const justExpired = signEmbedToken({ dashboard: 'd1', exp: NOW / 1000 - 10 }, SECRET)
    expect(verifyEmbedToken(justExpired, SECRET, NOW).dashboard).toBe('d1')
    const expired = signEmbedToken({ dashboard: 'd1', exp: NOW / 1000 - 120 }, SECRET)
    expect(codeOf(() => verifyEmbedToken(expired, SECRET, NOW))).toBe('EMBED_TOKEN_EXPIRED')
  })
})
