import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseVaultConfig } from './config'
import { init } from './init'
import { formatLsn } from './lsn'
import { reconcile } from './reconcile'
import { type PipelineEnv, startPipelineEnv } from './testing/fixture'
import { loaderProcessArgs } from './testing/loader-process'

const ROWS = 1_000_000
// The loader runs with a V8 heap this small: holding the decoded transaction (several hundred MB of
// objects) would die with an out-of-memory error — this caught a queue that kept consumed messages.
const HEAP_MB = 128
const pkgDir = fileURLToPath(new URL('..', import.meta.url))

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

  it('is streamed into one target transaction by a loader with a small heap', async () => {
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
    const configPath = join(env.cluster.dir, 'big.json')
    writeFileSync(configPath, JSON.stringify(config))
    const stopAt = formatLsn(await env.sourceLsn())
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        loaderProcessArgs(
          {
            source: env.source,
            target: env.target,
            configPath,
            slot: env.slot,
            publication: env.publication,
            stopAtLsn: stopAt,
          },
          [`--max-old-space-size=${HEAP_MB}`],
        ),
        { cwd: pkgDir, maxBuffer: 16 * 1024 * 1024 },
        (err, stdout, stderr) =>
          err ? reject(new Error(`${err.message}\n${stderr.slice(-2000)}`)) : resolve(stdout),
      ),
    )
    const result = JSON.parse(out) as { changesApplied: string; maxRssMb: number }
    process.stderr.write(
      `1M-row transaction: loader peak RSS ${result.maxRssMb} MB (heap capped at ${HEAP_MB} MB)\n`,
    )
    expect(Number(result.changesApplied)).toBe(ROWS)
    expect(result.maxRssMb).toBeLessThan(400)
    const count = await env.cluster.query(
      `SELECT count(*)::int AS n FROM vault.sat_big`,
      [],
      new URL(env.target).pathname.slice(1),
    )
    expect(count.rows[0].n).toBe(ROWS + 1)
    expect((await reconcile(base)).ok).toBe(true)
  })
})
