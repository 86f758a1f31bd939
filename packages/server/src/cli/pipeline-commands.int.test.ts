import { spawn } from 'node:child_process'
import path from 'node:path'
import { bankVaultConfig, formatLsn } from '@vitrina/pipeline'
import { createBankSource, transfer } from '@vitrina/pipeline/testing/bank'
import { startCluster, type TestCluster } from '@vitrina/pipeline/testing/cluster'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const CLI = path.resolve(import.meta.dirname, '../cli.ts')

function vitrina(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: { ...process.env, ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.on('close', (status) => resolve({ status: status ?? 1, stdout, stderr }))
  })
}

describe('vitrina pipeline (CLI over a real wal_level=logical cluster)', () => {
  let cluster: TestCluster
  let env: Record<string, string>

  beforeAll(async () => {
    cluster = await startCluster()
    await cluster.createDatabase('bank')
    await cluster.createDatabase('vault')
    await createBankSource(cluster.url('bank'), 10)
    env = { PIPELINE_SOURCE_URL: cluster.url('bank'), PIPELINE_TARGET_URL: cluster.url('vault') }
  })
  afterAll(async () => {
    await cluster?.stop('immediate')
    cluster?.destroy()
  })

  it('explains what is missing instead of failing with a stack trace', async () => {
    const res = await vitrina(['pipeline', 'status'], { PIPELINE_SOURCE_URL: '', PIPELINE_TARGET_URL: '' })
    expect(res.status).toBe(1)
    expect(res.stderr.trim()).toBe(
      'give the source and target databases: --source/--target or PIPELINE_SOURCE_URL/PIPELINE_TARGET_URL',
    )
  })

  it('inits from a snapshot, streams new transfers, reports status, and reconciles', async () => {
    const init = await vitrina(['pipeline', 'init'], env)
    expect(init.status, init.stderr).toBe(0)

    const client = new pg.Client(cluster.url('bank'))
    await client.connect()
    let applied = 0
    for (let i = 0; i < 20; i++) if (await transfer(client, 4 + (i % 5), 5 + (i % 5), 10)) applied++
    const { rows } = await client.query('select pg_current_wal_lsn()::text as lsn')
    await client.end()
    expect(applied).toBeGreaterThan(0)

    const run = await vitrina(['pipeline', 'run', '--stop-at-lsn', rows[0].lsn], env)
    expect(run.status, run.stderr).toBe(0)

    const status = await vitrina(['pipeline', 'status'], env)
    expect(status.status).toBe(0)
    expect(status.stdout).toMatch(/^slot {10}vitrina \(idle\)/)
    expect(status.stdout).toMatch(/checkpoint {4}[0-9A-F]+\/[0-9A-F]+ at /)

    const json = JSON.parse((await vitrina(['pipeline', 'status', '--json'], env)).stdout)
    expect(json.slot.exists).toBe(true)
    expect(json.quarantined).toEqual([])

    const reconcile = await vitrina(['pipeline', 'reconcile'], env)
    expect(reconcile.status, reconcile.stdout).toBe(0)
    expect(JSON.parse(reconcile.stdout).ok).toBe(true)

    const vault = new pg.Client(cluster.url('vault'))
    await vault.connect()
    const postings = await vault.query('select count(*)::int as n from vault.bv_account')
    await vault.end()
    expect(postings.rows[0].n).toBeGreaterThan(10)
  })
  it('resnapshot rebuilds the vault from a fresh snapshot and lifts a quarantine', async () => {
    const bank = new pg.Client(cluster.url('bank'))
    await bank.connect()
    // TRUNCATE is refused by the loader: the table is quarantined until a resnapshot.
    await bank.query('TRUNCATE cards')
    await transfer(bank, 4, 5, 10)
    const lsn = (await bank.query('select pg_current_wal_lsn()::text as lsn')).rows[0].lsn
    const counts = await Promise.all(
      bankVaultConfig().tables.map(
        async (t) => (await bank.query(`select count(*)::int as n from ${t.source}`)).rows[0].n as number,
      ),
    )
    await bank.end()
    const run = await vitrina(['pipeline', 'run', '--stop-at-lsn', lsn], env)
    expect(run.status, run.stderr).toBe(0)
    const quarantined = await vitrina(['pipeline', 'status'], env)
    expect(quarantined.stdout).toContain('QUARANTINED   public.cards: truncate')

    const res = await vitrina(['pipeline', 'resnapshot'], env)
    expect(res.status, res.stderr).toBe(0)
    const snapshot = JSON.parse(res.stdout) as { consistentPoint: string; rowsCopied: number }
    expect(snapshot.rowsCopied).toBe(counts.reduce((a, b) => a + b, 0))

    const status = JSON.parse((await vitrina(['pipeline', 'status', '--json'], env)).stdout)
    expect(status.quarantined).toEqual([])
    expect(status.checkpoint.lsn).toBe(formatLsn(BigInt(snapshot.consistentPoint)))
    expect(status.slot.confirmedFlushLsn).toBe(status.checkpoint.lsn)
    const vault = new pg.Client(cluster.url('vault'))
    await vault.connect()
    const alerts = await vault.query('select count(*)::int as n from vault.pipeline_alerts')
    await vault.end()
    expect(alerts.rows[0].n).toBe(0)
    const reconcile = await vitrina(['pipeline', 'reconcile'], env)
    expect(reconcile.status, reconcile.stdout).toBe(0)
  })
})
