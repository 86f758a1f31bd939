import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { rowsQuerySchema } from '@vitrina/contracts'
import { createBankSource, transfer } from '@vitrina/pipeline/testing/bank'
import { startCluster, type TestCluster } from '@vitrina/pipeline/testing/cluster'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config/config'
import { migrateToLatest, openSystemDb } from '../db/system-db'
import { createServices } from '../main'

const CLI = path.resolve(import.meta.dirname, '../cli.ts')
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrina-cli-vault-'))

function vitrina(
  args: string[],
  env: Record<string, string>,
  input = '',
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: { ...process.env, VITRINA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.stdin.end(input)
    child.on('close', (status) => resolve({ status: status ?? 1, stdout, stderr }))
  })
}

async function transfers(client: pg.Client, n: number, offset: number): Promise<number> {
  let applied = 0
  for (let i = 0; i < n; i++)
    if (await transfer(client, 4 + ((i + offset) % 7), 5 + ((i + offset * 3) % 7), 10 + i)) applied++
  return applied
}

/** Turnover per day, branch and currency, keyed `day|branch|currency`, straight from the bank's postings. */
const BANK_TURNOVER = `
  SELECT to_char(p.created_at::date, 'YYYY-MM-DD') AS day, b.code AS branch_code, p.currency_code,
         sum(CASE WHEN p.amount < 0 THEN -p.amount ELSE 0 END)::text AS debit,
         sum(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END)::text AS credit, count(*)::int AS postings
    FROM postings p JOIN accounts a ON a.id = p.account_id JOIN branches b ON b.id = a.branch_id
   GROUP BY 1, 2, 3`
const MART_TURNOVER = `
  SELECT to_char(day, 'YYYY-MM-DD') AS day, branch_code, currency_code, debit_turnover::text AS debit,
         credit_turnover::text AS credit, postings::int AS postings
    FROM vault.mart_daily_turnover`

type Turnover = {
  day: string
  branch_code: string
  currency_code: string
  debit: string
  credit: string
  postings: number
}
const keyed = (rows: Turnover[]) =>
  Object.fromEntries(
    rows.map((r) => [
      `${r.day}|${r.branch_code}|${r.currency_code}`,
      { debit: Number(r.debit), credit: Number(r.credit), postings: Number(r.postings) },
    ]),
  )

describe('vitrina pipeline register-source (the Data Vault as a Vitrina source)', () => {
  let cluster: TestCluster
  let env: Record<string, string>

  beforeAll(async () => {
    cluster = await startCluster()
    await cluster.createDatabase('bank')
    await cluster.createDatabase('vault')
    await createBankSource(cluster.url('bank'), 12)
    env = { PIPELINE_SOURCE_URL: cluster.url('bank'), PIPELINE_TARGET_URL: cluster.url('vault') }
  }, 120_000)
  afterAll(async () => {
    await cluster?.stop('immediate')
    cluster?.destroy()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('registers the vault once, lists its marts, and the turnover mart queried through Vitrina equals the bank', async () => {
    const bank = new pg.Client(cluster.url('bank'))
    await bank.connect()
    try {
      expect(await transfers(bank, 15, 0)).toBeGreaterThan(0)
      const init = await vitrina(['pipeline', 'init'], env)
      expect(init.status, init.stderr).toBe(0)
      expect(await transfers(bank, 25, 1)).toBeGreaterThan(0)
      const { rows } = await bank.query('SELECT pg_current_wal_lsn()::text AS lsn')
      const run = await vitrina(['pipeline', 'run', '--stop-at-lsn', rows[0].lsn], env)
      expect(run.status, run.stderr).toBe(0)

      const missingAdmin = await vitrina(['pipeline', 'register-source'], env)
      expect(missingAdmin.status).toBe(1)
      expect(missingAdmin.stderr).toMatch(/^NOT_FOUND: No active admin/)

      const admin = await vitrina(
        ['user', 'create', '--email', 'root@example.com', '--role', 'admin'],
        {},
        'admin-password-1\n',
      )
      expect(admin.status, admin.stderr).toBe(0)

      const first = await vitrina(['pipeline', 'register-source'], env)
      expect(first.status, first.stderr).toBe(0)
      const created = JSON.parse(first.stdout)
      expect(created).toMatchObject({ action: 'created', name: 'Банк (Data Vault)' })
      expect(created.marts).toEqual(
        expect.arrayContaining([
          'vault.mart_daily_turnover',
          'vault.mart_balances',
          'vault.mart_active_customers',
        ]),
      )
      expect(created.syncedAt).not.toBeNull()
      // The three marts are datasets of the Data section now, linked to the vault source.
      const linked = created.datasets as { action: string; id: string; name: string; table: string }[]
      expect(linked.map((d) => [d.action, d.table, d.name])).toEqual([
        ['created', 'vault.mart_daily_turnover', 'Оборот по дням (Data Vault)'],
        ['created', 'vault.mart_balances', 'Остатки по счетам (Data Vault)'],
        ['created', 'vault.mart_active_customers', 'Активные клиенты (Data Vault)'],
      ])
      expect(created.missingMarts).toBeUndefined()

      const again = JSON.parse((await vitrina(['pipeline', 'register-source'], env)).stdout)
      expect(again).toMatchObject({ action: 'unchanged', sourceId: created.sourceId })
      expect(again.datasets.map((d: { action: string; id: string }) => [d.action, d.id])).toEqual(
        linked.map((d) => ['unchanged', d.id]),
      )
      const withPassword = cluster.url('vault').replace('postgres@', 'postgres:secret@')
      const rotated = await vitrina(['pipeline', 'register-source', '--target', withPassword], env)
      expect(rotated.status, rotated.stderr).toBe(0)
      expect(JSON.parse(rotated.stdout)).toMatchObject({ action: 'updated', sourceId: created.sourceId })
      expect(JSON.parse(rotated.stdout).datasets.map((d: { id: string }) => d.id)).toEqual(
        linked.map((d) => d.id),
      )

      const analyst = await vitrina(
        ['user', 'create', '--email', 'ann@example.com', '--role', 'analyst'],
        {},
        'analyst-password-1\n',
      )
      expect(analyst.status, analyst.stderr).toBe(0)
      const refused = await vitrina(['pipeline', 'register-source', '--as', 'ann@example.com'], env)
      expect(refused.status).toBe(1)
      expect(refused.stderr).toMatch(/^FORBIDDEN: /)

      const viaVitrina = await vitrina(
        ['query', '--source', 'Банк (Data Vault)', '--sql', MART_TURNOVER, '--format', 'json'],
        {},
      )
      expect(viaVitrina.status, viaVitrina.stderr).toBe(0)
      const mart = keyed(JSON.parse(viaVitrina.stdout))
      const source = keyed((await bank.query<Turnover>(BANK_TURNOVER)).rows)
      expect(Object.keys(source).length).toBeGreaterThan(0)
      expect(mart).toEqual(source)

      // The turnover dataset's rows grid (the Data section's own path, through the vault's driver) shows the
      // same figures, and refuses an upload: the marts are read-only in Vitrina.
      const config = loadConfig({ ...process.env, VITRINA_DATA_DIR: dataDir, LOG_LEVEL: 'silent' })
      const systemDb = await openSystemDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
      await migrateToLatest(systemDb.db)
      const services = createServices(systemDb, config)
      try {
        const root = await services.db
          .selectFrom('users')
          .select(['id', 'email', 'role'])
          .where('email', '=', 'root@example.com')
          .executeTakeFirstOrThrow()
        const actor = { ...root, ip: null }
        const turnover = linked[0]?.id ?? ''
        const dataset = await services.datasetFeature.datasets.get(actor, turnover)
        expect(dataset).toMatchObject({
          kind: 'linked',
          source: { id: created.sourceId, name: 'Банк (Data Vault)' },
        })
        expect(dataset.columns.map((c) => c.identifier)).toEqual(
          expect.arrayContaining([
            'day',
            'branch_code',
            'currency_code',
            'debit_turnover',
            'credit_turnover',
            'postings',
          ]),
        )
        const page = await services.datasetFeature.rows.query(
          actor,
          turnover,
          rowsQuerySchema.parse({ limit: 1000 }),
        )
        expect(page.total).toBe(Object.keys(source).length)
        const grid = keyed(
          page.rows.map((r) => ({
            day: String(r.values.day),
            branch_code: String(r.values.branch_code),
            currency_code: String(r.values.currency_code),
            debit: String(r.values.debit_turnover),
            credit: String(r.values.credit_turnover),
            postings: Number(r.values.postings),
          })),
        )
        expect(grid).toEqual(source)
        const refused = await services.datasetFeature.imports
          .prepare(
            actor,
            turnover,
            { uploadId: 'x', sheet: null, mode: 'append', periodColumn: null, quarantine: false },
            false,
          )
          .catch((e: { code: string }) => e.code)
        expect(refused).toBe('DATASET_READ_ONLY')
      } finally {
        await services.queryFeature.close()
        await services.datasetFeature.close()
        await systemDb.close()
      }
    } finally {
      await bank.end()
    }
  }, 600_000)
})
