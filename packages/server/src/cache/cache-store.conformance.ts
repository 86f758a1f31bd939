import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CacheStore } from './cache-store'
import { createQueryCache, type ResultBody } from './query-cache'

const body = (n: number, durationMs = 5): ResultBody => ({
  columns: [{ name: 'n', type: 'integer' }],
  rows: [[n]],
  rowCount: 1,
  truncated: false,
  durationMs,
})

/** One suite for every cache store: each test gets a fresh store (for Redis: a unique key prefix). */
export function cacheStoreConformance(name: string, open: () => Promise<CacheStore>) {
  describe(`cache store conformance: ${name}`, () => {
    let store: CacheStore
    beforeEach(async () => {
      store = await open()
    })
    afterEach(async () => {
      await store.close()
    })

    it('returns what was stored, null for an unknown key', async () => {
      await store.set('a', 'value-a', 60_000, [])
      expect(await store.get('a')).toBe('value-a')
      expect(await store.get('missing')).toBeNull()
    })

    it('keeps unicode and large values intact', async () => {
      const value = `Москва ✓ ${'x'.repeat(100_000)}`
      await store.set('u', value, 60_000, [])
      expect(await store.get('u')).toBe(value)
    })

    it('expires an entry after its TTL', async () => {
      await store.set('short', 'v', 50, [])
      await sleep(200)
      expect(await store.get('short')).toBeNull()
    })

    it('invalidates exactly the entries with a tag', async () => {
      await store.set('k1', 'v1', 60_000, ['dataset:a', 'source:s'])
      await store.set('k2', 'v2', 60_000, ['dataset:b', 'source:s'])
      await store.set('k3', 'v3', 60_000, ['dataset:a'])
      expect(await store.invalidateTag('dataset:a')).toBe(2)
      expect(await store.get('k1')).toBeNull()
      expect(await store.get('k3')).toBeNull()
      expect(await store.get('k2')).toBe('v2')
      expect(await store.invalidateTag('dataset:a')).toBe(0)
      expect(await store.invalidateTag('source:s')).toBe(1)
      expect(await store.get('k2')).toBeNull()
    })

    it('overwrites a key', async () => {
      await store.set('k', 'old', 60_000, [])
      await store.set('k', 'new', 60_000, [])
      expect(await store.get('k')).toBe('new')
    })

    describe('query cache over this store', () => {
      const request = (key: string, extra: object = {}) => ({
        key,
        sourceId: 's1',
        datasetIds: ['d1'],
        policy: { kind: 'ttl' as const, ttlSeconds: 60 },
        refresh: false,
        ...extra,
      })

      it('serves the second run from the cache, and counts hits and misses', async () => {
        const cache = createQueryCache({ store, maxEntryBytes: 1_000_000 })
        let runs = 0
        const exec = async () => body(++runs)
        const first = await cache.run(request('q'), exec)
        const second = await cache.run(request('q'), exec)
        expect(first.cached).toBe(false)
        expect(second.cached).toBe(true)
        expect(second.body().rows).toEqual([[1]])
        expect(second.computedAt).toBe(first.computedAt)
        expect(runs).toBe(1)
        expect(cache.stats('s1')).toEqual({ hits: 1, misses: 1 })
      })

      it('runs concurrent identical queries once (single-flight)', async () => {
        const cache = createQueryCache({ store, maxEntryBytes: 1_000_000 })
        let runs = 0
        const exec = async () => {
          runs++
          await sleep(100)
          return body(runs)
        }
        const results = await Promise.all(Array.from({ length: 10 }, () => cache.run(request('sf'), exec)))
        expect(runs).toBe(1)
        expect(new Set(results.map((r) => r.bodyJson)).size).toBe(1)
      })

      it('refresh bypasses the lookup and stores the fresh result', async () => {
        const cache = createQueryCache({ store, maxEntryBytes: 1_000_000 })
        let runs = 0
        const exec = async () => body(++runs)
        await cache.run(request('r'), exec)
        const fresh = await cache.run(request('r', { refresh: true }), exec)
        expect(fresh.cached).toBe(false)
        expect(fresh.body().rows).toEqual([[2]])
        expect((await cache.run(request('r'), exec)).body().rows).toEqual([[2]])
      })

      it('policy none never stores; adaptive stores only slow results', async () => {
        const cache = createQueryCache({ store, maxEntryBytes: 1_000_000 })
        let runs = 0
        await cache.run(request('n', { policy: { kind: 'none' } }), async () => body(++runs))
        expect(
          (await cache.run(request('n', { policy: { kind: 'none' } }), async () => body(++runs))).cached,
        ).toBe(false)
        const adaptive = { kind: 'adaptive' as const, minDurationMs: 100, multiplier: 1000 }
        await cache.run(request('fast', { policy: adaptive }), async () => body(1, 10))
        expect((await cache.run(request('fast', { policy: adaptive }), async () => body(2, 10))).cached).toBe(
          false,
        )
        await cache.run(request('slow', { policy: adaptive }), async () => body(1, 150))
        expect(
          (await cache.run(request('slow', { policy: adaptive }), async () => body(2, 150))).cached,
        ).toBe(true)
      })

      it('does not store a result over the size cap', async () => {
        const cache = createQueryCache({ store, maxEntryBytes: 50 })
        const big = { ...body(1), rows: [['x'.repeat(100)]] }
        await cache.run(request('big'), async () => big)
        expect((await cache.run(request('big'), async () => big)).cached).toBe(false)
      })

      it('a dataset invalidation drops exactly its entries', async () => {
        const cache = createQueryCache({ store, maxEntryBytes: 1_000_000 })
        await cache.run(request('on-d1'), async () => body(1))
        await cache.run(request('on-d2', { datasetIds: ['d2'] }), async () => body(2))
        await cache.invalidateDataset('d1')
        expect((await cache.run(request('on-d1'), async () => body(3))).cached).toBe(false)
        expect((await cache.run(request('on-d2', { datasetIds: ['d2'] }), async () => body(4))).cached).toBe(
          true,
        )
        await cache.invalidateSource('s1')
        expect((await cache.run(request('on-d2', { datasetIds: ['d2'] }), async () => body(5))).cached).toBe(
          false,
        )
      })
    })
  })
}
