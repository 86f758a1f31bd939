import type { ChildProcess } from 'node:child_process'
import { createBankSource, transfer } from '@vitrina/pipeline/testing/bank'
import { startCluster, type TestCluster } from '@vitrina/pipeline/testing/cluster'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { finished, spawnTsx, stop, VITRINA_CLI, waitForLine } from './testing/processes'
import { checkMetrics } from './testing/promtool'

const TOKEN = 'pipeline-metrics-token-1234'
const vitrina = (args: string[], env: Record<string, string>) => spawnTsx(VITRINA_CLI, args, env)

describe('vitrina pipeline run serves its metrics on METRICS_LISTEN', () => {
  let cluster: TestCluster
  let env: Record<string, string>
  let loader: ChildProcess | null = null

  beforeAll(async () => {
    cluster = await startCluster()
    await cluster.createDatabase('bank')
    await cluster.createDatabase('vault')
    await createBankSource(cluster.url('bank'), 10)
    env = { PIPELINE_SOURCE_URL: cluster.url('bank'), PIPELINE_TARGET_URL: cluster.url('vault') }
    expect(await finished(vitrina(['pipeline', 'init'], env))).toBe(0)
  })
  afterAll(async () => {
    await stop(loader)
    await cluster?.stop('immediate')
    cluster?.destroy()
  })

  it('exports lag, rate, batch duration and the checkpoint LSN behind the token; promtool accepts it', async () => {
    loader = vitrina(['pipeline', 'run', '--batch-max-ms', '50'], {
      ...env,
      METRICS_LISTEN: '127.0.0.1:0',
      METRICS_TOKEN: TOKEN,
    })
    const url = await waitForLine(loader, /metrics on (\S+)/)

    const client = new pg.Client(cluster.url('bank'))
    await client.connect()
    for (let i = 0; i < 10; i++) await transfer(client, 4 + (i % 5), 5 + (i % 5), 10)
    await client.end()

    expect((await fetch(url)).status).toBe(401)
    let text = ''
    for (let attempt = 0; attempt < 300; attempt++) {
      text = await (await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).text()
      if (/vitrina_pipeline_changes_applied_total\{slot="vitrina"\} [1-9]/.test(text)) break
      await new Promise((r) => setTimeout(r, 200))
    }
    expect(text).toMatch(/vitrina_pipeline_changes_applied_total\{slot="vitrina"\} [1-9]/)
    expect(text).toMatch(/vitrina_pipeline_checkpoint_lsn\{slot="vitrina"\} [1-9]/)
    expect(text).toMatch(/vitrina_pipeline_batch_duration_seconds_count\{slot="vitrina"\} [1-9]/)
    expect(text).toMatch(/vitrina_pipeline_apply_lag_seconds\{slot="vitrina"\} /)
    expect(text).toContain('# TYPE vitrina_pipeline_slot_lag_bytes gauge')
    expect(text).toContain('# TYPE vitrina_pipeline_changes_per_second gauge')
    expect(text).toContain('vitrina_pipeline_quarantined_tables{slot="vitrina"} 0')
    expect(text).toContain('# TYPE vitrina_pipeline_alerts_total counter')
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m)

    const lint = await checkMetrics(text)
    expect(lint.output).toBe('')
    expect(lint.code).toBe(0)

    loader.kill('SIGTERM')
    expect(await finished(loader)).toBe(0)
    loader = null
  })
})
