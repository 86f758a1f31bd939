import { LRUCache } from 'lru-cache'
import type { CacheStore } from './cache-store'

/** In-process LRU bounded by `maxBytes` (UTF-16 size of the stored strings) with a TTL per entry. */
export function createMemoryStore(opts: { maxBytes: number }): CacheStore {
  const tagsByKey = new Map<string, readonly string[]>()
  const keysByTag = new Map<string, Set<string>>()
  const untag = (key: string) => {
    for (const tag of tagsByKey.get(key) ?? []) {
      const keys = keysByTag.get(tag)
      keys?.delete(key)
      if (keys?.size === 0) keysByTag.delete(tag)
    }
    tagsByKey.delete(key)
  }
  const lru = new LRUCache<string, string>({
    maxSize: opts.maxBytes,
    sizeCalculation: (value, key) => Math.max(1, (value.length + key.length) * 2),
    dispose: (_value, key) => untag(key),
  })
  return {
    kind: 'memory',
    async get(key) {
      return lru.get(key) ?? null
    },
    async set(key, value, ttlMs, tags) {
      if ((value.length + key.length) * 2 > opts.maxBytes) return
      lru.set(key, value, { ttl: Math.max(1, Math.round(ttlMs)) })
      if (!lru.has(key)) return
      tagsByKey.set(key, tags)
      for (const tag of tags) {
        const keys = keysByTag.get(tag) ?? new Set<string>()
        keysByTag.set(tag, keys)
        keys.add(key)
      }
    },
    async invalidateTag(tag) {
      const keys = [...(keysByTag.get(tag) ?? [])]
      for (const key of keys) lru.delete(key)
      keysByTag.delete(tag)
      return keys.length
    },
    async close() {
      lru.clear()
    },
  }
}
