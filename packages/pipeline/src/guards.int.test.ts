import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PipelineError } from './errors'
import { dropPipeline, init, resnapshot } from './init'
import { run } from './loader'
import { createPipelineMetrics } from './metrics'
import { reconcile } from './reconcile'
import { type PipelineEnv, startPipelineEnv } from './testing/fixture'

describe('guards and schema changes', () => {
  let env: PipelineEnv
  const alerts: Record<string, unknown>[] = []
  beforeAll(async () => {
    env = await startPipelineEnv()
  })
  afterAll(() => env?.close())

  const base = () => ({
    source: env.source,
    target: env.target,
    config: env.config,
    slot: env.slot,
    publication: env.publication,
    log: (e: Record<string, unknown>) => {
      if (e.alert) alerts.push(e)
    },
  })
  const exec = async (url: string, sql: string) => {
    const c = new pg.Client(url)
    await c.connect()
    try {
      return (await c.query(sql)).rows
    } finally {
      await c.end()
    }
  }
  const catchUp = async () => run({ ...base(), stopAtLsn: await env.sourceLsn() })

  it('evolves the satellite when a nullable column is added mid-stream, without a restart', async () => {
    await init(base())
    const ac = new AbortController()
    const running = run({ ...base(), signal: ac.signal, batchMaxMs: 20 })
    await exec(env.source, `UPDATE items SET qty = 1, version = version + 1 WHERE id = 1`)
    await exec(env.source, `ALTER TABLE items ADD COLUMN color text`)
    await exec(env.source, `UPDATE items SET color = 'red', version = version + 1 WHERE id = 2`)
    await exec(
      env.source,
      `INSERT INTO items (id, owner_id, name, qty, color) VALUES (500, 1, 'c', 1, 'blue')`,
    )
    const target = env.target
    for (let i = 0; i < 100; i++) {
      const rows = await exec(
        target,
        `SELECT count(*)::int AS n FROM information_schema.columns
                                        WHERE table_schema = 'vault' AND table_name = 'cur_item' AND column_name = 'color'`,
      )
      const applied =
        rows[0].n === 1
          ? await exec(target, `SELECT count(*)::int AS n FROM vault.cur_item WHERE color IS NOT NULL`)
          : []
      if (applied[0]?.n === 2) break
      await new Promise((r) => setTimeout(r, 100))
    }
    ac.abort()
    await running
    const colors = await exec(
      target,
      `SELECT h.item_id::int AS id, c.color FROM vault.cur_item c JOIN vault.hub_item h USING (hk)
        WHERE c.color IS NOT NULL ORDER BY 1`,
    )
    expect(colors).toEqual([
      { id: 2, color: 'red' },
      { id: 500, color: 'blue' },
    ])
    expect((await reconcile(base())).ok).toBe(true)
  })

  it('quarantines a table whose column is dropped while other tables go on', async () => {
    await exec(env.source, `ALTER TABLE owners ADD COLUMN extra int`)
    await exec(env.source, `ALTER TABLE owners DROP COLUMN name`)
    await exec(env.source, `INSERT INTO owners (id) VALUES (99)`)
    await exec(env.source, `UPDATE items SET qty = 7, version = version + 1 WHERE id = 3`)
    await catchUp()
    const q = await exec(env.target, `SELECT source, reason FROM vault.pipeline_quarantine`)
    expect(q).toEqual([{ source: 'public.owners', reason: 'column_removed' }])
    expect(alerts.some((a) => a.code === 'PIPELINE_TABLE_QUARANTINED' && a.table === 'public.owners')).toBe(
      true,
    )
    const item = await exec(
      env.target,
      `SELECT c.qty FROM vault.cur_item c JOIN vault.hub_item h USING (hk) WHERE h.item_id = 3`,
    )
    expect(item).toEqual([{ qty: 7 }])
    const rec = await reconcile(base())
    expect(rec.quarantined).toEqual(['public.owners'])
    expect(rec.ok).toBe(true)
  })

  it('refuses TRUNCATE with an alert and keeps the vault history', async () => {
    const before = await exec(env.target, `SELECT count(*)::int AS n FROM vault.sat_item`)
    await exec(env.source, `TRUNCATE items`)
    const metrics = createPipelineMetrics()
    await run({ ...base(), metrics, stopAtLsn: await env.sourceLsn() })
    const text = await metrics.registry.metrics()
    expect(text).toContain(
      `vitrina_pipeline_alerts_total{slot="${env.slot}",kind="truncate",table="public.items"} 1`,
    )
    expect(text).toContain(`vitrina_pipeline_quarantined_tables{slot="${env.slot}"} 2`)
    const q = await exec(
      env.target,
      `SELECT reason FROM vault.pipeline_quarantine WHERE source = 'public.items'`,
    )
    expect(q).toEqual([{ reason: 'truncate' }])
    const a = await exec(env.target, `SELECT code FROM vault.pipeline_alerts WHERE source = 'public.items'`)
    expect(a).toEqual([{ code: 'PIPELINE_TRUNCATE_REFUSED' }])
    const after = await exec(env.target, `SELECT count(*)::int AS n FROM vault.sat_item`)
    expect(after[0].n).toBe(before[0].n)
  })

  it('resnapshot rebuilds the vault and lifts the quarantine once the cause is fixed', async () => {
    await exec(env.source, `ALTER TABLE owners ADD COLUMN name text`)
    await exec(env.source, `UPDATE owners SET name = 'restored ' || id`)
    await exec(env.source, `INSERT INTO items (id, owner_id, name, qty) VALUES (1, 1, 'after truncate', 1)`)
    const res = await resnapshot(base())
    expect(res.rowsCopied).toBeGreaterThan(0)
    expect(await exec(env.target, `SELECT * FROM vault.pipeline_quarantine`)).toEqual([])
    await exec(env.source, `UPDATE items SET qty = 2 WHERE id = 1`)
    await catchUp()
    const rec = await reconcile(base())
    expect(rec.quarantined).toEqual([])
    expect(rec.ok).toBe(true)
  })

  it('refuses to start when the slot is ahead of the checkpoint', async () => {
    await dropPipeline(base())
    await exec(env.source, `DROP PUBLICATION IF EXISTS ${env.publication}`)
    await exec(env.source, `DROP TABLE items; DROP TABLE owners`)
    await exec(
      env.source,
      `CREATE TABLE owners (id integer PRIMARY KEY, name text NOT NULL);
      CREATE TABLE items (id bigint PRIMARY KEY, owner_id integer, name text NOT NULL, qty integer NOT NULL,
                          version integer NOT NULL DEFAULT 1, note text);
      INSERT INTO owners VALUES (1, 'a')`,
    )
    await init(base())
    // A synchronous commit flushes the WAL, which the slot can only advance over once flushed.
    await exec(env.source, `SET synchronous_commit = on; INSERT INTO owners VALUES (2, 'b')`)
    // Something else consumed the slot past what the vault holds: those changes are gone.
    await exec(env.source, `SELECT pg_replication_slot_advance('${env.slot}', pg_current_wal_insert_lsn())`)
    // stopAtLsn only bounds the test if the guard were missing; the refusal comes before streaming.
    const err = await run({ ...base(), stopAtLsn: await env.sourceLsn() }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PipelineError)
    expect((err as PipelineError).code).toBe('PIPELINE_SLOT_AHEAD_OF_CHECKPOINT')
  })
})
