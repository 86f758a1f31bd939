import { describe, expect, it } from 'vitest'
import { createMemoryStore } from './memory-store'
import { createQueryCache, retentionMs } from './query-cache'

describe('cache policies', () => {
  it('keeps results for the TTL, for multiplier × duration when slow enough, or not at all', () => {
    expect(retentionMs({ kind: 'ttl', ttlSeconds: 60 }, 5)).toBe(60_000)
    expect(retentionMs({ kind: 'none' }, 5_000)).toBeNull()
    const adaptive = { kind: 'adaptive' as const, minDurationMs: 100, multiplier: 50 }
    expect(retentionMs(adaptive, 99)).toBeNull()
    expect(retentionMs(adaptive, 200)).toBe(10_000)
  })
})

describe('peeking at the cache', () => {
  const body = { columns: [], rows: [[1]], rowCount: 1, truncated: false, durationMs: 3 }
  const request = {
    key: 'k',
    sourceId: 's',
    datasetIds: ['d'],
    policy: { kind: 'ttl' as const, ttlSeconds: 60 },
  }

  it('answers a stored result without running anything, and nothing when there is none', async () => {
    const cache = createQueryCache({ store: createMemoryStore({ maxBytes: 100_000 }), maxEntryBytes: 10_000 })
    expect(await cache.peek(request)).toBeNull()
    // A miss of a peek is not counted: the run that follows it is.
    expect(cache.stats('s')).toEqual({ hits: 0, misses: 0 })
    let runs = 0
    await cache.run({ ...request, refresh: false }, async () => {
      runs++
      return body
    })
    const hit = await cache.peek(request)
    expect(hit?.cached).toBe(true)
    expect(hit?.body().rows).toEqual([[1]])
    expect(runs).toBe(1)
    expect(cache.stats('s')).toEqual({ hits: 1, misses: 1 })
    // An upload to the dataset drops the entry; a policy of no caching never finds one.
    await cache.invalidateDataset('d')
    expect(await cache.peek(request)).toBeNull()
    await cache.run({ ...request, refresh: false }, async () => body)
    expect(await cache.peek({ ...request, policy: { kind: 'none' } })).toBeNull()
  })
})
