import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseVaultConfig } from './config'
import { init } from './init'
import { run } from './loader'
import { reconcile } from './reconcile'
import { type PipelineEnv, startPipelineEnv } from './testing/fixture'

const ROWS = 1_000_000

const config = parseVaultConfig({
  hubs: [{ name: 'hub_big', businessKeys: ['big_id'] }],
  tables: [
    {
      source: 'public.big',
      hub: 'hub_big',
      keyColumns: ['id'],
      satellites: [{ name: 'sat_big', columns: ['v', 'label'] }],
    },
  ],
})

describe('a 1M-row source transaction', () => {
  let env: PipelineEnv
  beforeAll(async () => {
    env =
      await startPipelineEnv(`CREATE TABLE big (id bigint PRIMARY KEY, v integer NOT NULL, label text NOT NULL);
                                   INSERT INTO big VALUES (0, 0, 'seed');`)
  })
  afterAll(() => env?.close())

  it('is streamed into one target transaction with bounded memory', async () => {
    const base = {
      source: env.source,
      target: env.target,
      config,
      slot: env.slot,
      publication: env.publication,
    }
    await init({ ...base, log: () => undefined })
    const db = new URL(env.source).pathname.slice(1)
    await env.cluster.query(
      `INSERT INTO big SELECT g, g % 1000, 'row ' || g FROM generate_series(1, ${ROWS}) g`,
      [],
      db,
    )
    const baseline = process.memoryUsage().rss
    let peak = baseline
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss)
    }, 50)
    const batches: number[] = []
    try {
      await run({
        ...base,
        log: () => undefined,
        stopAtLsn: await env.sourceLsn(),
        onBatch: (b) => batches.push(b.changes),
      })
    } finally {
      clearInterval(sampler)
    }
    const growthMb = (peak - baseline) / 1024 / 1024
    process.stderr.write(
      `1M-row transaction: peak RSS growth ${growthMb.toFixed(0)} MB over ${(baseline / 1048576).toFixed(0)} MB\n`,
    )
    // The whole transaction is one batch (it is never split), yet memory stays far below its size.
    expect(batches).toContain(ROWS)
    expect(growthMb).toBeLessThan(400)
    const count = await env.cluster.query(
      `SELECT count(*)::int AS n FROM vault.sat_big`,
      [],
      new URL(env.target).pathname.slice(1),
    )
    expect(count.rows[0].n).toBe(ROWS + 1)
    expect((await reconcile(base)).ok).toBe(true)
  })
})
