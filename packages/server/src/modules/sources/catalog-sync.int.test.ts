import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { ApiSource, QueryRunResult, SourceCatalog } from '@vitrina/contracts'
import pg from 'pg'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../config/config'
import { startVitrina } from '../../main'
import { createThrowawayPostgresSource } from '../../sources/testing'
import { createThrowawayDatabase } from '../../testing/databases'
import { ADMIN, createTestApp, type Session, type TestApp } from '../../testing/test-app'

type SourceDb = Awaited<ReturnType<typeof createThrowawayPostgresSource>>

/** Sets a source's last sync back by `minutes` (the schedule looks at it). */
async function ageSync(
  db: TestApp['services']['db'] | pg.Client,
  id: string,
  minutes: number,
): Promise<void> {
  const at = new Date(Date.now() - minutes * 60_000)
  if (db instanceof pg.Client) await db.query('UPDATE sources SET last_sync_at = $1 WHERE id = $2', [at, id])
  else
    await db
      .withTables<{ sources: { id: string; last_sync_at: Date | null } }>()
      .updateTable('sources')
      .set({ last_sync_at: at })
      .where('id', '=', id)
      .execute()
}

describe('catalog sync', () => {
  let t: TestApp
  let admin: Session
  let dir: string
  let src: SourceDb

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vitrina-sync-'))
    t = await createTestApp({ env: { VITRINA_DATA_DIR: dir } })
    admin = await t.setupAdmin()
    src = await createThrowawayPostgresSource()
    await src.exec(`CREATE TABLE sales (id int PRIMARY KEY, region text, amount numeric(12,2));
      INSERT INTO sales VALUES (1, 'Москва', 10), (2, 'Казань', 7)`)
  }, 60_000)
  afterAll(async () => {
    await t.close()
    await src.drop()
    await rm(dir, { recursive: true, force: true })
  })

  const create = async (name: string, connection: object, syncIntervalMinutes: number | null) => {
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/sources',
      payload: { name, connection, settings: { syncIntervalMinutes } },
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as ApiSource
  }
  const lastSync = async (id: string) =>
    ((await t.as(admin, { method: 'GET', url: `/api/sources/${id}` })).json() as ApiSource).lastSyncAt
  const runCount = async (sourceId: string) =>
    (
      await t.as(admin, {
        method: 'POST',
        url: '/api/query/run',
        payload: { sourceId, query: { kind: 'native', sql: 'SELECT * FROM sales ORDER BY id' } },
      })
    ).json() as QueryRunResult
  const metric = async (name: string) =>
    (await t.services.metrics.registry.getSingleMetricAsString(name)) ?? ''

  it('syncDue syncs only sources whose interval has passed, and records sync jobs in the metrics', async () => {
    const due = await create('due', { kind: 'postgres', ...src.connection }, 5)
    const fresh = await create('fresh', { kind: 'postgres', ...src.connection }, 60)
    const manual = await create('on demand', { kind: 'postgres', ...src.connection }, null)
    // The built-in warehouse is due too (never synced): sync it now so only `due` is left.
    expect((await t.as(admin, { method: 'POST', url: '/api/sources/warehouse/sync' })).statusCode).toBe(200)
    await ageSync(t.services.db, due.id, 10)
    await ageSync(t.services.db, fresh.id, 10)
    await ageSync(t.services.db, manual.id, 10_000)
    const before = {
      due: await lastSync(due.id),
      fresh: await lastSync(fresh.id),
      manual: await lastSync(manual.id),
    }

    expect(await t.services.queryFeature.sources.syncDue()).toBe(1)
    expect(await lastSync(due.id)).not.toBe(before.due)
    expect(await lastSync(fresh.id)).toBe(before.fresh)
    expect(await lastSync(manual.id)).toBe(before.manual)

    const ok = (await metric('vitrina_sync_jobs_total')).match(/kind="catalog",status="ok"\} (\d+)/)
    expect(Number(ok?.[1])).toBeGreaterThanOrEqual(4) // three creations and the scheduled one
    expect(await metric('vitrina_sync_job_duration_seconds')).toMatch(
      /vitrina_sync_job_duration_seconds_count\{kind="catalog"\} [1-9]/,
    )
    // A source whose database went away: the sync fails, is recorded on the source and in the metrics.
    const gone = await createThrowawayPostgresSource()
    const doomed = await create('gone', { kind: 'postgres', ...gone.connection }, null)
    await gone.drop()
    const sync = await t.as(admin, { method: 'POST', url: `/api/sources/${doomed.id}/sync` })
    expect(sync.statusCode).toBeGreaterThanOrEqual(400)
    expect(
      ((await t.as(admin, { method: 'GET', url: `/api/sources/${doomed.id}` })).json() as ApiSource)
        .lastSyncError,
    ).not.toBeNull()
    expect(await metric('vitrina_sync_jobs_total')).toMatch(/kind="catalog",status="failed"\} [1-9]/)
  })

  it('offers a new dataset in the warehouse catalog at once, not after the catalog ages', async () => {
    const names = async () =>
      (
        (await t.as(admin, { method: 'GET', url: '/api/sources/warehouse/catalog' })).json() as SourceCatalog
      ).tables.map((x) => x.name)
    await names()
    const created = await t.as(admin, {
      method: 'POST',
      url: '/api/datasets',
      payload: {
        name: 'fresh_dataset',
        schema: {
          columns: [{ displayName: 'x', identifier: 'x', type: 'text', required: false }],
          keyColumns: [],
        },
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    expect(await names()).toContain(created.json().table.name)
  })

  it('drops the source cache when a known table changed shape, not when a table was added', async () => {
    const s = await create('cached', { kind: 'postgres', ...src.connection }, null)
    const first = await runCount(s.id)
    expect((await runCount(s.id)).cached, JSON.stringify(first)).toBe(true)

    await src.exec('CREATE TABLE regions (id int PRIMARY KEY, name text)')
    expect((await t.as(admin, { method: 'POST', url: `/api/sources/${s.id}/sync` })).statusCode).toBe(200)
    expect((await runCount(s.id)).cached).toBe(true)

    await src.exec('ALTER TABLE sales ADD COLUMN note text')
    expect((await t.as(admin, { method: 'POST', url: `/api/sources/${s.id}/sync` })).statusCode).toBe(200)
    const after = await runCount(s.id)
    expect(after.cached).toBe(false)
    expect(after.columns.map((c) => c.name)).toEqual(['id', 'region', 'amount', 'note'])
  })
})

describe('the worker schedules catalog syncs (vitrina start --services=worker)', () => {
  it('syncs a source that came due while no worker ran', async () => {
    const system = await createThrowawayDatabase('vitrina_sys')
    const src = await createThrowawayPostgresSource()
    await src.exec('CREATE TABLE t (id int)')
    const dir = await mkdtemp(path.join(tmpdir(), 'vitrina-worker-'))
    const env = { VITRINA_DATA_DIR: dir, DATABASE_URL: system.url, PORT: '0', HOST: '127.0.0.1' }
    const logger = pino({ level: 'silent' })
    const sql = new pg.Client({ connectionString: system.url })
    try {
      const web = await startVitrina(loadConfig({ ...env, VITRINA_SERVICES: 'web' }), logger)
      const app = web.app!
      await app.inject({ method: 'POST', url: '/api/setup', payload: ADMIN })
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN })
      const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
      const created = await app.inject({
        method: 'POST',
        url: '/api/sources',
        headers: { cookie, 'x-csrf-token': login.json().csrfToken },
        payload: {
          name: 'src',
          connection: { kind: 'postgres', ...src.connection },
          settings: { syncIntervalMinutes: 5 },
        },
      })
      expect(created.statusCode, created.body).toBe(201)
      const id = created.json().id as string
      await web.stop()

      await sql.connect()
      await ageSync(sql, id, 10)
      const stale = (await sql.query('SELECT last_sync_at FROM sources WHERE id = $1', [id])).rows[0]
        .last_sync_at
      await src.exec('CREATE TABLE added_later (id int)')

      const worker = await startVitrina(loadConfig({ ...env, VITRINA_SERVICES: 'worker' }), logger)
      try {
        let row: { last_sync_at: Date; catalog: unknown } | undefined
        for (let i = 0; i < 100; i++) {
          row = (await sql.query('SELECT last_sync_at, catalog FROM sources WHERE id = $1', [id])).rows[0]
          if (row && row.last_sync_at.getTime() > stale.getTime()) break
          await new Promise((r) => setTimeout(r, 100))
        }
        expect(row?.last_sync_at.getTime()).toBeGreaterThan(stale.getTime())
        expect(JSON.stringify(row?.catalog)).toContain('added_later')
      } finally {
        await worker.stop()
      }
    } finally {
      await sql.end().catch(() => undefined)
      await src.drop()
      await system.drop()
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
