import { type ChildProcess, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type BankDb, createBankDb, generateTraffic, reconcile as reconcileLedger, seed } from '@vitrina/bank'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bankVaultConfig } from './bank/vault-config'
import { init } from './init'
import { run } from './loader'
import { parseLsn } from './lsn'
import { reconcile } from './reconcile'
import { balanceHistoryGaps } from './testing/bank'
import { startCluster, type TestCluster } from './testing/cluster'
import { type PipelineEnv, startPipelineEnv } from './testing/fixture'
import { loaderProcessArgs } from './testing/loader-process'
import { itemVersionGaps, startItemTraffic } from './testing/traffic'

const pkgDir = fileURLToPath(new URL('..', import.meta.url))
const quiet = () => undefined

function startLoader(env: LoaderTarget, configPath: string): ChildProcess {
  // node itself, with tsx as a loader: `tsx` is a wrapper whose SIGKILL would orphan the real loader.
  return spawn(
    process.execPath,
    loaderProcessArgs({
      source: env.source,
      target: env.target,
      configPath,
      slot: env.slot,
      publication: env.publication,
      batchMaxMs: 50,
    }),
    { cwd: pkgDir, stdio: ['ignore', 'ignore', 'pipe'] },
  )
}

interface LoaderTarget {
  source: string
  target: string
  slot: string
  publication: string
}

/**
 * Starts a child loader and kills it with SIGKILL, `times` times. Odd rounds die at a random point of
 * start-up; even rounds while streaming (mid-batch, between commit and acknowledgement) — waiting for
 * the stream keeps that true on a slow CI. Returns the delays used.
 */
async function killRepeatedly(env: LoaderTarget, configPath: string, times: number): Promise<number[]> {
  const kills: number[] = []
  for (let i = 0; i < times; i++) {
    const child = startLoader(env, configPath)
    const exited = new Promise((res) => child.once('exit', res))
    const streaming = new Promise<void>((res) => {
      let log = ''
      child.stderr!.on('data', (d: Buffer) => {
        log += d.toString()
        if (log.includes('"msg":"streaming"')) res()
      })
      child.once('exit', () => res())
      setTimeout(res, 15_000)
    })
    if (i % 2 === 0) await streaming
    const after = i % 2 === 0 ? 50 + Math.floor(Math.random() * 1500) : Math.floor(Math.random() * 2000)
    await new Promise((res) => setTimeout(res, after))
    child.kill('SIGKILL')
    await exited
    kills.push(after)
  }
  return kills
}

/** The final catch-up run; the killed process's walsender may hold the slot for a moment. */
async function catchUp(opts: Parameters<typeof run>[0], stopAtLsn: () => Promise<bigint>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await run({ ...opts, stopAtLsn: await stopAtLsn() })
      return
    } catch (err) {
      if (attempt > 20) throw err
      await new Promise((res) => setTimeout(res, 500))
    }
  }
}

const clean = (rec: Awaited<ReturnType<typeof reconcile>>) =>
  rec.satellites.filter((s) => s.missing + s.extra + s.mismatched + s.duplicateVersions + s.hubMissing > 0)

describe('kill -9 of the loader under write traffic', () => {
  let env: PipelineEnv
  beforeAll(async () => {
    env = await startPipelineEnv()
  })
  afterAll(() => env?.close())

  it('leaves a vault equal to the source after 10 random kills', async () => {
    const base = {
      source: env.source,
      target: env.target,
      config: env.config,
      slot: env.slot,
      publication: env.publication,
    }
    await init({ ...base, log: quiet })
    const configPath = join(env.cluster.dir, 'vault.json')
    writeFileSync(configPath, JSON.stringify(env.config))
    const traffic = startItemTraffic(env.source, { clients: 2 })
    let kills: number[] = []
    try {
      kills = await killRepeatedly(env, configPath, 10)
    } finally {
      await traffic.stop()
    }
    expect(kills).toHaveLength(10)
    expect(traffic.committed).toBeGreaterThan(50)
    // The killed loaders did real work (the final catch-up run is not the one that loaded everything).
    const progress = await env.cluster.query(
      `SELECT changes_total::int AS n FROM vault.pipeline_checkpoint`,
      [],
      new URL(env.target).pathname.slice(1),
    )
    expect(progress.rows[0].n).toBeGreaterThan(0)
    await catchUp({ ...base, log: quiet }, () => env.sourceLsn())
    const rec = await reconcile(base)
    expect(clean(rec)).toEqual([])
    expect(rec.ok).toBe(true)
    expect(await itemVersionGaps(env.target)).toBe(0)
  })
})

describe('kill -9 of the loader while the bank generator runs', () => {
  let cluster: TestCluster
  let bank: BankDb
  let loader: LoaderTarget
  beforeAll(async () => {
    cluster = await startCluster()
    await cluster.createDatabase('bank')
    await cluster.createDatabase('dwh')
    loader = {
      source: cluster.url('bank'),
      target: cluster.url('dwh'),
      slot: 'vitrina',
      publication: 'vitrina_bank',
    }
    bank = createBankDb(loader.source, { max: 6 })
    await bank.migrate()
    await seed(bank, { customers: 40 })
  })
  afterAll(async () => {
    await bank?.close()
    cluster?.destroy()
  })

  it('leaves a vault equal to the bank after 10 random kills: per-key hashdiffs, no gaps, no doubles', async () => {
    const base = { ...loader, config: bankVaultConfig() }
    await init({ ...base, log: quiet })
    const ac = new AbortController()
    // The bank's own write path (bank_execute_operation, profile changes with deletes), as `bank generate`.
    const traffic = generateTraffic(bank, {
      customers: 40,
      tps: 150,
      durationMs: 10 * 60_000,
      concurrency: 4,
      seed: 11,
      onProgress: null,
      signal: ac.signal,
    })
    let kills: number[] = []
    try {
      kills = await killRepeatedly(loader, 'bank', 10)
    } finally {
      ac.abort()
    }
    const stats = await traffic
    expect(kills).toHaveLength(10)
    expect(stats.errors).toBe(0)
    expect(stats.completed).toBeGreaterThan(100)
    expect(stats.profileChanges).toBeGreaterThan(0)
    const dwh = new URL(loader.target).pathname.slice(1)
    const progress = await cluster.query(
      `SELECT changes_total::int AS n FROM vault.pipeline_checkpoint`,
      [],
      dwh,
    )
    expect(progress.rows[0].n).toBeGreaterThan(0)

    await catchUp({ ...base, log: quiet }, async () =>
      parseLsn((await cluster.query('SELECT pg_current_wal_insert_lsn()::text AS l', [], 'bank')).rows[0].l),
    )
    const rec = await reconcile(base)
    expect(clean(rec)).toEqual([])
    expect(rec.ok).toBe(true)
    expect(await balanceHistoryGaps(loader.target)).toBe(0)
    const ledger = await reconcileLedger(bank.pool)
    expect(ledger.ok, JSON.stringify(ledger)).toBe(true)
  })
})
