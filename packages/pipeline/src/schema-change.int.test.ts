import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { init } from './init'
import { run } from './loader'
import { createPipelineMetrics } from './metrics'
import { reconcile } from './reconcile'
import { type PipelineEnv, startPipelineEnv } from './testing/fixture'

/**
 * A renamed or retyped column quarantines its table with an alert (log line, pipeline_alerts row and
 * metrics), while the other table keeps streaming. Each case gets its own cluster: a quarantine is
 * only lifted by resnapshot.
 */
describe.each([
  {
    change: 'a renamed column',
    ddl: `ALTER TABLE items RENAME COLUMN note TO remark`,
    write: `UPDATE items SET qty = 42, version = version + 1 WHERE id = 5`,
    table: 'public.items',
    reason: 'column_removed',
    other: {
      sql: `UPDATE owners SET name = 'still followed' WHERE id = 3`,
      check: `SELECT c.name AS v FROM vault.cur_owner c JOIN vault.hub_owner h USING (hk) WHERE h.owner_id = 3`,
      value: 'still followed',
    },
  },
  {
    change: 'a changed column type',
    ddl: `ALTER TABLE owners ALTER COLUMN name TYPE varchar(200)`,
    write: `UPDATE owners SET name = 'ignored' WHERE id = 3`,
    table: 'public.owners',
    reason: 'type_changed',
    other: {
      sql: `UPDATE items SET qty = 43, version = version + 1 WHERE id = 5`,
      check: `SELECT c.qty AS v FROM vault.cur_item c JOIN vault.hub_item h USING (hk) WHERE h.item_id = 5`,
      value: 43,
    },
  },
])('$change', ({ ddl, write, table, reason, other }) => {
  let env: PipelineEnv
  beforeAll(async () => {
    env = await startPipelineEnv()
  })
  afterAll(() => env?.close())

  const exec = async (url: string, sql: string) => {
    const c = new pg.Client(url)
    await c.connect()
    try {
      return (await c.query(sql)).rows
    } finally {
      await c.end()
    }
  }

  it(`quarantines ${table} with an alert while the other table goes on`, async () => {
    const alerts: Record<string, unknown>[] = []
    const base = {
      source: env.source,
      target: env.target,
      config: env.config,
      slot: env.slot,
      publication: env.publication,
      log: (e: Record<string, unknown>) => {
        if (e.alert) alerts.push(e)
      },
    }
    await init(base)
    const metrics = createPipelineMetrics()
    await exec(env.source, ddl)
    await exec(env.source, write)
    await exec(env.source, other.sql)
    await run({ ...base, metrics, stopAtLsn: await env.sourceLsn() })

    expect(await exec(env.target, `SELECT source, reason FROM vault.pipeline_quarantine`)).toEqual([
      { source: table, reason },
    ])
    expect(await exec(env.target, `SELECT code, source FROM vault.pipeline_alerts`)).toEqual([
      { code: 'PIPELINE_TABLE_QUARANTINED', source: table },
    ])
    expect(alerts).toEqual([expect.objectContaining({ code: 'PIPELINE_TABLE_QUARANTINED', table, reason })])
    const text = await metrics.registry.metrics()
    expect(text).toContain(
      `vitrina_pipeline_alerts_total{slot="${env.slot}",kind="${reason}",table="${table}"} 1`,
    )
    expect(text).toContain(`vitrina_pipeline_quarantined_tables{slot="${env.slot}"} 1`)

    expect(await exec(env.target, other.check)).toEqual([{ v: other.value }])
    const rec = await reconcile(base)
    expect(rec.quarantined).toEqual([table])
    expect(rec.ok).toBe(true)

    // A restarted loader still reports the quarantine it finds in the vault.
    const restarted = createPipelineMetrics()
    await run({ ...base, metrics: restarted, stopAtLsn: await env.sourceLsn() })
    expect(await restarted.registry.metrics()).toContain(
      `vitrina_pipeline_quarantined_tables{slot="${env.slot}"} 1`,
    )
  })
})
