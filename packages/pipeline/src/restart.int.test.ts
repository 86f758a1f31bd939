import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { init } from './init'
import { run } from './loader'
import { parseLsn } from './lsn'
import { reconcile } from './reconcile'
import { runSupervised } from './supervise'
import { startCluster, type TestCluster } from './testing/cluster'
import { FIXTURE_CONFIG, FIXTURE_SQL } from './testing/fixture'
import { itemVersionGaps, startItemTraffic } from './testing/traffic'

const quiet = () => undefined
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('source and target restarts', () => {
  let sourceCluster: TestCluster
  let targetCluster: TestCluster
  let source: string
  let target: string
  beforeAll(async () => {
    ;[sourceCluster, targetCluster] = await Promise.all([startCluster(), startCluster()])
    const suffix = randomBytes(3).toString('hex')
    await sourceCluster.createDatabase(`src_${suffix}`)
    await targetCluster.createDatabase(`dst_${suffix}`)
    source = sourceCluster.url(`src_${suffix}`)
    target = targetCluster.url(`dst_${suffix}`)
    await sourceCluster.query(FIXTURE_SQL, [], `src_${suffix}`)
  })
  afterAll(() => {
    sourceCluster?.destroy()
    targetCluster?.destroy()
  })

  it('resumes from the checkpoint after each restart and ends equal to the source', async () => {
    const base = {
      source,
      target,
      config: FIXTURE_CONFIG,
      slot: 'vitrina_restart',
      publication: 'vitrina_pub',
    }
    await init({ ...base, log: quiet })
    const ac = new AbortController()
    const warnings: string[] = []
    const loader = runSupervised({
      ...base,
      signal: ac.signal,
      batchMaxMs: 50,
      retryDelayMs: 300,
      log: (e) => {
        if (e.level === 'warn') warnings.push(String(e.error))
      },
    })
    const loaderDone = loader.catch((e: unknown) => e)
    const traffic = startItemTraffic(source, { clients: 2 })
    await sleep(1500)
    await sourceCluster.stop('fast')
    await sleep(500)
    await sourceCluster.start()
    await sleep(1500)
    await targetCluster.stop('immediate')
    await sleep(500)
    await targetCluster.start()
    await sleep(2000)
    await traffic.stop()
    ac.abort()
    const ended = await loaderDone
    // Aborted runs end normally; a refusal here would mean a restart lost an acknowledged batch.
    expect(ended).toMatchObject({ checkpointLsn: expect.any(BigInt) })
    // Both restarts were felt by the running loader, which restarted itself.
    expect(warnings.length).toBeGreaterThanOrEqual(2)
    const lsn = parseLsn(
      (
        await sourceCluster.query(
          `SELECT pg_current_wal_insert_lsn()::text AS l`,
          [],
          new URL(source).pathname.slice(1),
        )
      ).rows[0].l,
    )
    for (let attempt = 0; ; attempt++) {
      try {
        await run({ ...base, log: quiet, stopAtLsn: lsn })
        break
      } catch (err) {
        if (attempt > 20) throw err
        await sleep(500)
      }
    }
    const rec = await reconcile(base)
    expect(rec.ok).toBe(true)
    expect(await itemVersionGaps(target)).toBe(0)
  })
})
