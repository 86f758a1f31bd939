import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { QueryRunResult } from '@vitrina/contracts'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type Session, type TestApp } from '../../testing/test-app'

const REDIS_URL = process.env.VITRINA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

describe('query cache in Redis (REDIS_URL)', () => {
  const prefix = `vitrina-test:${randomBytes(6).toString('hex')}:`
  let t: TestApp
  let admin: Session
  let dir: string

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vitrina-redis-'))
    t = await createTestApp({ env: { VITRINA_DATA_DIR: dir, REDIS_URL, REDIS_PREFIX: prefix } })
    admin = await t.setupAdmin()
  }, 60_000)

  afterAll(async () => {
    await t.close()
    const redis = new Redis(REDIS_URL)
    const keys = await redis.keys(`${prefix}*`)
    if (keys.length > 0) await redis.del(...keys)
    await redis.quit()
    await rm(dir, { recursive: true, force: true })
  })

  const run = async (sql: string) => {
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/query/run',
      payload: { sourceId: 'warehouse', query: { kind: 'native', sql } },
    })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as QueryRunResult
  }

  it('stores results in Redis under its prefix, serves hits from it, and clears a source there', async () => {
    expect((await run("SELECT 'Москва' AS city, 42 AS n")).cached).toBe(false)
    const hit = await run("SELECT 'Москва' AS city, 42 AS n")
    expect(hit.cached).toBe(true)
    expect(hit.rows).toEqual([['Москва', 42]])
    const redis = new Redis(REDIS_URL)
    expect((await redis.keys(`${prefix}e:*`)).length).toBe(1)
    const stats = (await t.as(admin, { method: 'GET', url: '/api/sources/warehouse/cache' })).json()
    expect(stats.store).toBe('redis')
    await t.as(admin, { method: 'DELETE', url: '/api/sources/warehouse/cache' })
    expect((await redis.keys(`${prefix}e:*`)).length).toBe(0)
    await redis.quit()
    expect((await run("SELECT 'Москва' AS city, 42 AS n")).cached).toBe(false)
  })
})
