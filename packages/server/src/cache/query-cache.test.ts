import { describe, expect, it } from 'vitest'
import { retentionMs } from './query-cache'

describe('cache policies', () => {
  it('keeps results for the TTL, for multiplier × duration when slow enough, or not at all', () => {
    expect(retentionMs({ kind: 'ttl', ttlSeconds: 60 }, 5)).toBe(60_000)
    expect(retentionMs({ kind: 'none' }, 5_000)).toBeNull()
    const adaptive = { kind: 'adaptive' as const, minDurationMs: 100, multiplier: 50 }
    expect(retentionMs(adaptive, 99)).toBeNull()
    expect(retentionMs(adaptive, 200)).toBe(10_000)
  })
})
