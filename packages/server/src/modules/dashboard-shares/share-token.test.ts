import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sha256 } from '../../lib/tokens'
import { createShareTokens, deriveKey } from './share-token'

describe('public-link tokens', () => {
  const installationKey = randomBytes(32)
  const tokens = createShareTokens(() => deriveKey(installationKey, 'dashboard-share-links'))

  it('issues URL-safe, unique tokens whose hash is what verify returns', () => {
    const a = tokens.issue()
    const b = tokens.issue()
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{24}\.[A-Za-z0-9_-]{43}$/)
    expect(a.token).not.toBe(b.token)
    expect(a.hash).toBe(sha256(a.token))
    expect(a.token.startsWith(a.hint)).toBe(true)
    expect(tokens.verify(a.token)).toBe(a.hash)
  })

  it('refuses a token with a changed character, another installation’s token and garbage', () => {
    const { token } = tokens.issue()
    const flipped = `${token.slice(0, 3)}${token[3] === 'A' ? 'B' : 'A'}${token.slice(4)}`
    expect(tokens.verify(flipped)).toBeNull()
    const other = createShareTokens(() => deriveKey(randomBytes(32), 'dashboard-share-links'))
    expect(tokens.verify(other.issue().token)).toBeNull()
    for (const bad of [
      '',
      'x',
      `${token}.`,
      token.replace('.', ''),
      `${token.slice(0, 24)}.${'A'.repeat(43)}`,
    ])
      expect(tokens.verify(bad)).toBeNull()
  })

  it('derives different keys for different purposes from one installation secret', () => {
    const links = deriveKey(installationKey, 'dashboard-share-links')
    expect(links).toHaveLength(32)
    expect(links.equals(deriveKey(installationKey, 'something-else'))).toBe(false)
    expect(links.equals(installationKey)).toBe(false)
    expect(links.equals(deriveKey(installationKey, 'dashboard-share-links'))).toBe(true)
  })
})
