import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { init } from './init'
import { run } from './loader'
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

  it('changes nothing when an applied range is replayed', async () => {
    const before = await dst(`SELECT (SELECT count(*) FROM vault.sat_item)::int AS s,
                                     (SELECT lsn::text FROM vault.pipeline_checkpoint) AS cp`)
    // The slot may hold back less than the checkpoint (ack lost in a crash): rewinding the stream
    // start re-sends applied transactions, which the loader must skip.
    const metrics = createPipelineMetrics()
    await run({ ...opts(), metrics, stopAtLsn: await env.sourceLsn() })
    const text = await metrics.registry.metrics()
    expect(text).toMatch(/vitrina_pipeline_checkpoint_lsn\{slot="[^"]+"\} [1-9]/)
    expect(text).toContain('vitrina_pipeline_slot_lag_bytes')
    const after = await dst(`SELECT (SELECT count(*) FROM vault.sat_item)::int AS s`)
    expect(after[0].s).toBe(before[0].s)
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
})
