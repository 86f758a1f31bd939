import { type ChildProcess, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { init } from './init'
import { run } from './loader'
import { reconcile } from './reconcile'
import { type PipelineEnv, startPipelineEnv } from './testing/fixture'
import { loaderProcessArgs } from './testing/loader-process'
import { itemVersionGaps, startItemTraffic } from './testing/traffic'

const pkgDir = fileURLToPath(new URL('..', import.meta.url))
const quiet = () => undefined

function startLoader(env: PipelineEnv, configPath: string): ChildProcess {
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
    const kills: number[] = []
    try {
      for (let i = 0; i < 10; i++) {
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
        // Odd rounds die at a random point of start-up; even rounds while streaming (mid-batch,
        // between commit and acknowledgement) — waiting for the stream keeps that true on a slow CI.
        if (i % 2 === 0) await streaming
        const after = i % 2 === 0 ? 50 + Math.floor(Math.random() * 1500) : Math.floor(Math.random() * 2000)
        await new Promise((res) => setTimeout(res, after))
        child.kill('SIGKILL')
        await exited
        kills.push(after)
      }
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
    // The slot may still be held by the killed process's walsender for a moment; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await run({ ...base, log: quiet, stopAtLsn: await env.sourceLsn() })
        break
      } catch (err) {
        if (attempt > 20) throw err
        await new Promise((res) => setTimeout(res, 500))
      }
    }
    const rec = await reconcile(base)
    expect(
      rec.satellites.filter(
        (s) => s.missing + s.extra + s.mismatched + s.duplicateVersions + s.hubMissing > 0,
      ),
    ).toEqual([])
    expect(rec.ok).toBe(true)
    expect(await itemVersionGaps(env.target)).toBe(0)
  })
})
