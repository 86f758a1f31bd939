import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { init } from './init'
import { run } from './loader'
import { parseLsn } from './lsn'
import { createPipelineMetrics } from './metrics'
import { reconcile } from './reconcile'
import { status } from './status'
import { type PipelineEnv, startPipelineEnv } from './testing/fixture'

const quiet = () => undefined

describe('snapshot then stream', () => {
  let env: PipelineEnv
  beforeAll(async () => {
    env = await startPipelineEnv()
  })
  afterAll(() => env?.close())

  const opts = () => ({
    source: env.source,
    target: env.target,
    config: env.config,
    slot: env.slot,
    publication: env.publication,
    log: quiet,
  })
  const src = async (sql: string) => {
    const c = new pg.Client(env.source)
    await c.connect()
    try {
      await c.query(sql)
    } finally {
      await c.end()
    }
  }
  const dst = async (sql: string) => {
    const c = new pg.Client(env.target)
    await c.connect()
    try {
      return (await c.query(sql)).rows
    } finally {
      await c.end()
    }
  }

  it('loads the snapshot consistent with the slot, then every streamed change', async () => {
    const res = await init(opts())
    expect(res.rowsCopied).toBe(220)
    await src(`UPDATE items SET qty = qty + 1, version = version + 1 WHERE id <= 10`)
    await src(`UPDATE items SET qty = qty + 1, version = version + 1 WHERE id <= 5`)
    await src(`BEGIN; UPDATE items SET qty = 0, version = version + 1 WHERE id = 7;
               UPDATE items SET qty = 1, version = version + 1 WHERE id = 7; COMMIT`)
    await src(`DELETE FROM items WHERE id = 200`)
    await src(`INSERT INTO items (id, owner_id, name, qty) VALUES (201, 3, 'new', 1)`)
    await src(`UPDATE items SET id = 1000 WHERE id = 199`)
    await run({ ...opts(), stopAtLsn: await env.sourceLsn() })
    const rec = await reconcile(opts())
    expect(rec.satellites.every((s) => s.missing === 0 && s.extra === 0 && s.mismatched === 0)).toBe(true)
    expect(rec.ok).toBe(true)
    // every intermediate version is kept: item 7 went through versions 1 to 4, two of them in one transaction
    const versions = await dst(`SELECT s.version FROM vault.sat_item s JOIN vault.hub_item h USING (hk)
                                 WHERE h.item_id = 7 ORDER BY s.lsn, s.seq`)
    expect(versions.map((r) => r.version)).toEqual([1, 2, 3, 4])
    const deleted =
      await dst(`SELECT count(*)::int AS n FROM vault.cur_item c JOIN vault.hub_item h USING (hk)
                                WHERE h.item_id IN (199, 200)`)
    expect(deleted[0].n).toBe(0)
    const links = await dst(`SELECT count(*)::int AS n FROM vault.link_item_owner`)
    expect(links[0].n).toBe(202)
  })

  it('fills unchanged TOAST columns from the previous version', async () => {
    const big = 'x'.repeat(20_000)
    await src(`UPDATE items SET note = '${big}', version = version + 1 WHERE id = 42`)
    await src(`UPDATE items SET qty = 999, version = version + 1 WHERE id = 42`)
    await run({ ...opts(), stopAtLsn: await env.sourceLsn() })
    const rows =
      await dst(`SELECT length(s.note) AS len, s.qty FROM vault.sat_item s JOIN vault.hub_item h USING (hk)
                             WHERE h.item_id = 42 ORDER BY s.lsn DESC, s.seq DESC LIMIT 1`)
    expect(rows[0]).toEqual({ len: 20_000, qty: 999 })
    expect((await reconcile(opts())).ok).toBe(true)
  })

  it('keeps TOAST values and skips no-op updates when the version cache is smaller than a chunk', async () => {
    // A limit below the number of keys a chunk touches: evicting mid-chunk would drop versions the
    // chunk still needs (a TOAST-unchanged note became NULL, a no-op update a duplicate version).
    const small = { ...opts(), versionCacheLimit: 3, batchMaxChanges: 1 }
    await src(
      `UPDATE items SET note = repeat('n', 20000) || id, version = version + 1 WHERE id BETWEEN 50 AND 69`,
    )
    await run({ ...small, stopAtLsn: await env.sourceLsn() })
    // Each statement is its own source transaction, so its own batch and chunk, in one run.
    await src(`UPDATE items SET qty = qty + 1, version = version + 1 WHERE id BETWEEN 60 AND 69`)
    await src(`UPDATE items SET qty = qty + 1, version = version + 1 WHERE id BETWEEN 50 AND 59`)
    await src(`UPDATE items SET qty = qty WHERE id BETWEEN 50 AND 69`)
    await src(`UPDATE items SET qty = qty + 1, version = version + 1 WHERE id BETWEEN 60 AND 69`)
    await run({ ...small, stopAtLsn: await env.sourceLsn() })
    const latest = await dst(`SELECT DISTINCT ON (h.item_id) h.item_id::int AS id, length(s.note) AS len
                                FROM vault.sat_item s JOIN vault.hub_item h USING (hk)
                               WHERE h.item_id BETWEEN 50 AND 69 ORDER BY h.item_id, s.lsn DESC, s.seq DESC`)
    expect(latest).toEqual(
      Array.from({ length: 20 }, (_, i) => ({ id: 50 + i, len: 20000 + String(50 + i).length })),
    )
    const versions =
      await dst(`SELECT count(*)::int AS n FROM vault.sat_item s JOIN vault.hub_item h USING (hk)
                                 WHERE h.item_id BETWEEN 50 AND 69 AND s.lsn > (SELECT min(lsn) FROM vault.sat_item) `)
    // 20 note versions + 10 + 10 + 0 (no-op) + 10 qty versions after the snapshot.
    expect(versions[0].n).toBe(50)
    const rec = await reconcile(opts())
    expect(rec.satellites.find((x) => x.satellite === 'sat_item')).toMatchObject({
      mismatched: 0,
      duplicateVersions: 0,
    })
    expect(rec.ok).toBe(true)
  })

  it('skips transactions the server re-sends after a commit whose acknowledgement was lost', async () => {
    await src(`UPDATE items SET qty = qty + 5, version = version + 1 WHERE id BETWEEN 1 AND 30`)
    await src(`DELETE FROM items WHERE id = 150`)
    const slotLsn = async () =>
      parseLsn(
        (
          await env.cluster.query(
            `SELECT confirmed_flush_lsn::text AS l FROM pg_replication_slots WHERE slot_name = $1`,
            [env.slot],
          )
        ).rows[0].l,
      )
    const vault = () =>
      dst(`SELECT (SELECT count(*) FROM vault.sat_item)::int AS items,
                  (SELECT count(*) FROM vault.sat_items_status)::int AS deletes,
                  (SELECT count(*) FROM vault.sat_owner)::int AS owners,
                  (SELECT lsn::text FROM vault.pipeline_checkpoint) AS cp`)
    // The loader dies right after the vault + checkpoint committed, before telling the slot.
    const crash = new Error('crash between commit and acknowledgement')
    const err = await run({
      ...opts(),
      stopAtLsn: await env.sourceLsn(),
      onCommitted: () => {
        throw crash
      },
    }).catch((e: unknown) => e)
    expect(err).toBe(crash)
    const applied = (await vault())[0]
    expect(await slotLsn()).toBeLessThan(parseLsn(applied.cp))

    // The next start streams from the slot's position, so the server sends that range again; it
    // must stream through it to reach the owner update that follows.
    await src(`UPDATE owners SET name = 'after the crash' WHERE id = 1`)
    const res = await run({ ...opts(), stopAtLsn: await env.sourceLsn() })
    expect(res.transactionsSkipped).toBeGreaterThanOrEqual(2)
    expect(res.changesApplied).toBe(1)
    const after = (await vault())[0]
    expect({ ...after, cp: null }).toEqual({ ...applied, owners: applied.owners + 1, cp: null })
    expect(await slotLsn()).toBeGreaterThan(parseLsn(applied.cp))
    expect((await reconcile(opts())).ok).toBe(true)
  })

  it('exports the checkpoint and the slot lag as metrics', async () => {
    const metrics = createPipelineMetrics()
    await src(`UPDATE items SET qty = qty + 1, version = version + 1 WHERE id = 3`)
    await run({ ...opts(), metrics, stopAtLsn: await env.sourceLsn() })
    const text = await metrics.registry.metrics()
    expect(text).toMatch(/vitrina_pipeline_checkpoint_lsn\{slot="[^"]+"\} [1-9]/)
    expect(text).toMatch(/vitrina_pipeline_slot_lag_bytes\{slot="[^"]+"\} \d/)
    expect(text).toMatch(/vitrina_pipeline_quarantined_tables\{slot="[^"]+"\} 0/)
  })

  it('reports slot lag, apply lag, rate and the checkpoint in status', async () => {
    const s = await status(opts())
    expect(s.slot.exists).toBe(true)
    expect(s.slot.lagBytes).toBeGreaterThanOrEqual(0)
    expect(s.checkpoint?.lsn).toBe(s.slot.confirmedFlushLsn)
    expect(s.checkpoint?.changesTotal).toBeGreaterThan(0)
    expect(s.applyLagSeconds).not.toBeNull()
    expect(s.quarantined).toEqual([])
    expect(s.advice.some((a) => a.includes('max_slot_wal_keep_size'))).toBe(true)
  })
  it('keeps the slot of an idle source moving with heartbeat messages', async () => {
    // An observer slot shows what the loader writes into the source's WAL.
    await env.cluster.query(
      `SELECT pg_create_logical_replication_slot('heartbeat_observer', 'test_decoding')`,
      [],
      new URL(env.source).pathname.slice(1),
    )
    const ac = new AbortController()
    const running = run({ ...opts(), heartbeatMs: 200, signal: ac.signal })
    const sourceDb = new URL(env.source).pathname.slice(1)
    let beats: { lsn: string }[] = []
    try {
      for (let i = 0; i < 100 && beats.length < 2; i++) {
        await new Promise((r) => setTimeout(r, 100))
        beats = (
          await env.cluster.query(
            `SELECT lsn::text FROM pg_logical_slot_peek_changes('heartbeat_observer', NULL, NULL)
            WHERE data LIKE 'message: transactional: 1 prefix: vitrina.heartbeat%'`,
            [],
            sourceDb,
          )
        ).rows
      }
      expect(beats.length).toBeGreaterThanOrEqual(2)
      // Once the second heartbeat is in the WAL, the first has reached the vault and the slot.
      for (let i = 0; i < 100; i++) {
        const slot = await env.cluster.query(
          `SELECT confirmed_flush_lsn::text AS l FROM pg_replication_slots WHERE slot_name = $1`,
          [env.slot],
        )
        if (parseLsn(slot.rows[0].l) > parseLsn(beats[0]!.lsn)) break
        await new Promise((r) => setTimeout(r, 100))
      }
    } finally {
      // Also when an expectation above throws: a loader left running would outlive its cluster.
      ac.abort()
    }
    await running
    await env.cluster.query(`SELECT pg_drop_replication_slot('heartbeat_observer')`, [], sourceDb)
    const slot = await env.cluster.query(
      `SELECT confirmed_flush_lsn::text AS l FROM pg_replication_slots WHERE slot_name = $1`,
      [env.slot],
    )
    expect(parseLsn(slot.rows[0].l)).toBeGreaterThan(parseLsn(beats[0]!.lsn))
    const cp = await dst(`SELECT lsn::text AS l FROM vault.pipeline_checkpoint`)
    expect(parseLsn(cp[0].l)).toBeGreaterThan(parseLsn(beats[0]!.lsn))
  })
})
