import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { init } from './init'
import { run } from './loader'
import { createPipelineMetrics, type PipelineMetrics } from './metrics'
import { type PipelineEnv, startPipelineEnv } from './testing/fixture'

async function gauge(metrics: PipelineMetrics, name: keyof PipelineMetrics, slot: string): Promise<number> {
  const metric = metrics[name] as {
    get(): Promise<{ values: { labels: { slot?: string }; value: number }[] }>
  }
  return (await metric.get()).values.find((v) => v.labels.slot === slot)?.value ?? Number.NaN
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe('loader metrics follow the loader, also while it is stuck or idle', () => {
  let env: PipelineEnv
  beforeAll(async () => {
    env = await startPipelineEnv()
  })
  afterAll(() => env?.close())

  it('apply lag grows while stalled, slot lag is polled, the rate falls to 0 when idle', async () => {
    const base = {
      source: env.source,
      target: env.target,
      config: env.config,
      slot: env.slot,
      publication: env.publication,
      log: () => undefined,
    }
    await init(base)
    const metrics = createPipelineMetrics()
    const ac = new AbortController()
    const running = run({
      ...base,
      metrics,
      signal: ac.signal,
      batchMaxMs: 20,
      slotLagPollMs: 100,
      rateWindowMs: 1000,
    })
    const source = new pg.Client(env.source)
    const blocker = new pg.Client(env.target)
    await source.connect()
    await blocker.connect()
    try {
      await source.query(`UPDATE items SET qty = qty + 1, version = version + 1 WHERE id <= 20`)
      await until(async () => (await gauge(metrics, 'changesPerSecond', env.slot)) > 0, 'a rate')
      expect(await gauge(metrics, 'applyLagSeconds', env.slot)).toBe(0)

      // The target blocks the loader: what it received stays unapplied.
      await blocker.query(`BEGIN; LOCK TABLE vault.sat_item IN ACCESS EXCLUSIVE MODE`)
      await source.query(`UPDATE items SET qty = qty + 1, version = version + 1 WHERE id <= 20`)
      await until(async () => (await gauge(metrics, 'applyLagSeconds', env.slot)) > 0.3, 'apply lag')
      const lag1 = await gauge(metrics, 'applyLagSeconds', env.slot)
      const slotLag1 = await gauge(metrics, 'slotLagBytes', env.slot)
      await source.query(`UPDATE owners SET name = name || '.' WHERE id <= 20`)
      await new Promise((r) => setTimeout(r, 800))
      const lag2 = await gauge(metrics, 'applyLagSeconds', env.slot)
      expect(lag2).toBeGreaterThan(lag1 + 0.5)
      // No batch committed meanwhile, yet the slot lag moved with the source's WAL.
      await until(async () => (await gauge(metrics, 'slotLagBytes', env.slot)) > slotLag1, 'slot lag')

      await blocker.query('COMMIT')
      await until(async () => (await gauge(metrics, 'applyLagSeconds', env.slot)) === 0, 'catching up')
      await until(async () => (await gauge(metrics, 'changesPerSecond', env.slot)) === 0, 'the rate to decay')
    } finally {
      await blocker.end()
      await source.end()
      ac.abort()
      await running
    }
  })
})
