import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll } from 'vitest'
import { cacheStoreConformance } from './cache-store.conformance'
import { createMemoryStore } from './memory-store'
import { createRedisStore } from './redis-store'

const REDIS_URL = process.env.VITRINA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const prefixes: string[] = []

cacheStoreConformance('memory', async () => createMemoryStore({ maxBytes: 64 * 1024 * 1024 }))

cacheStoreConformance('redis', async () => {
  const prefix = `vitrina-test:${randomBytes(6).toString('hex')}:`
  prefixes.push(prefix)
  return createRedisStore({ url: REDIS_URL, prefix })
})

afterAll(async () => {
  const redis = new Redis(REDIS_URL)
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}*`)
    if (keys.length > 0) await redis.del(...keys)
  }
  await redis.quit()
})
