import { Redis } from 'ioredis'
import type { CacheStore } from './cache-store'

/**
 * Redis (`REDIS_URL`), shared by every web process. Entry `<prefix>e:<key>` expires by itself; tag sets
 * `<prefix>t:<tag>` list the keys stored with the tag and expire no earlier than their longest entry.
 */
export function createRedisStore(opts: { url: string; prefix?: string }): CacheStore {
  const prefix = opts.prefix ?? 'vitrina:cache:'
  const redis = new Redis(opts.url, {
    lazyConnect: false,
    maxRetriesPerRequest: 2,
    enableAutoPipelining: true,
  })
  // A broken connection must not crash the process; commands fail and the cache acts as a miss.
  redis.on('error', () => undefined)
  const entry = (key: string) => `${prefix}e:${key}`
  const tagSet = (tag: string) => `${prefix}t:${tag}`
  return {
    kind: 'redis',
    async get(key) {
      return redis.get(entry(key))
    },
    async set(key, value, ttlMs, tags) {
      const ttl = Math.max(1, Math.round(ttlMs))
      const multi = redis.multi().set(entry(key), value, 'PX', ttl)
      for (const tag of tags) {
        multi.sadd(tagSet(tag), entry(key))
        // GT: only ever lengthen the set's life (Redis 7); NX covers a set without expiry yet.
        multi.pexpire(tagSet(tag), ttl, 'GT').pexpire(tagSet(tag), ttl, 'NX')
      }
      await multi.exec()
    },
    async invalidateTag(tag) {
      const keys = await redis.smembers(tagSet(tag))
      if (keys.length === 0) return 0
      const [deleted] =
        (await redis
          .multi()
          .del(...keys)
          .del(tagSet(tag))
          .exec()) ?? []
      return Number(deleted?.[1] ?? 0)
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}
