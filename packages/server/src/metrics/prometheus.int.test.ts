import type { ChildProcess } from 'node:child_process'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type {
  ApiDashboard,
  ApiSource,
  PlatformHealth,
  QueryRunResult,
  RunQueryBody,
  SourceCatalog,
} from '@vitrina/contracts'
import { freePort, startCluster, type TestCluster } from '@vitrina/pipeline/testing/cluster'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config/config'
import { type RunningVitrina, startVitrina } from '../main'
import { createPrometheusDriver } from '../sources/prometheus-driver'
import { SourceError } from '../sources/source-errors'
import { createThrowawayDatabase } from '../testing/databases'
import { createTestApp } from '../testing/test-app'
import { PLATFORM_HEALTH_CARDS } from './platform-health'
import { BANK_CLI, finished, spawnTsx, stop, VITRINA_CLI, waitForLine } from './testing/processes'
import {
  instantQuery,
  type Spawned,
  startPostgresExporter,
  startPrometheus,
  waitForSeries,
} from './testing/prometheus'
import { promtool } from './testing/promtool'

const MONITORING = path.resolve(import.meta.dirname, '../../../../deploy/monitoring')
const PROMETHEUS_YML = path.join(MONITORING, 'prometheus/prometheus.yml')
const RULES = path.join(MONITORING, 'prometheus/rules/vitrina-alerts.yml')
const DASHBOARDS = path.join(MONITORING, 'grafana/dashboards')
const REPLICAS_EXAMPLE = path.join(MONITORING, 'prometheus/postgres-replicas.example.yml')
const TOKEN = 'prometheus-scrape-token-42'

/**
 * deploy/monitoring/prometheus/prometheus.yml as shipped, with its addresses pointed at this test's
 * processes and a 1 s scrape interval. The other jobs stay as they are and are simply down.
 */
function templated(
  shipped: string,
  t: {
    prometheus: string
    vitrina: string
    pipeline: string
    bank: string
    exporter: string
    tokenFile: string
  },
) {
  return shipped
    .replaceAll('15s', '1s')
    .replace('rules/*.yml', RULES)
    .replaceAll('/etc/prometheus/vitrina-metrics.token', t.tokenFile)
    .replace("'127.0.0.1:9090'", `'${t.prometheus}'`)
    .replace("'127.0.0.1:9464'", `'${t.vitrina}'`)
    .replace("'127.0.0.1:9466'", `'${t.pipeline}'`)
    .replace("'127.0.0.1:9465'", `'${t.bank}'`)
    .replace("'127.0.0.1:9187'", `'${t.exporter}'`)
}

/** Runs a CLI to completion; fails with its output if it does not exit 0. */
async function cli(script: string, args: string[], env: Record<string, string>): Promise<void> {
  const child = spawnTsx(script, args, env)
  let output = ''
  child.stdout?.on('data', (d) => {
    output += d
  })
  child.stderr?.on('data', (d) => {
    output += d
  })
  const code = await finished(child)
  if (code !== 0) throw new Error(`${path.basename(script)} ${args.join(' ')} exited ${code}: ${output}`)
}

describe('a real Prometheus scrapes a running Vitrina, CDC loader, bank and postgres_exporter', () => {
  let dir: string
  let database: { url: string; drop(): Promise<void> }
  let vitrina: RunningVitrina
  let exporter: Spawned & { address: string }
  let prometheus: Spawned & { configFile: string }
  let slotHolder: pg.Client
  const slot = `vitrina_monitoring_${process.pid}`
  let cluster: TestCluster
  let loader: ChildProcess | null = null
  let bankServer: ChildProcess | null = null
  let bankUrl: string
  /** A moment Prometheus was scraping but no loader was running yet. */
  let beforePipeline: Date

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vitrina-prometheus-'))
    database = await createThrowawayDatabase()
    vitrina = await startVitrina(
      loadConfig({
        DATABASE_URL: database.url,
        HOST: '127.0.0.1',
        PORT: '0',
        VITRINA_SERVICES: 'web',
        VITRINA_DATA_DIR: dir,
        VITRINA_WEB_DIR: '/nonexistent',
        METRICS_LISTEN: '127.0.0.1:0',
        METRICS_TOKEN: TOKEN,
        LOG_LEVEL: 'silent',
      }),
    )
    // A signed-in admin, so the sessions gauge and a few routes have something to show.
    await fetch(`${vitrina.url}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', name: 'Админ', password: 'admin-password-1' }),
    })
    await fetch(`${vitrina.url}/api/health`)

    // A temporary slot lives as long as this session, so a crashed test cannot leave WAL retained.
    slotHolder = new pg.Client({ connectionString: database.url })
    await slotHolder.connect()
    await slotHolder.query('SELECT pg_create_physical_replication_slot($1, true, true)', [slot])
    exporter = await startPostgresExporter(
      database.url,
      path.join(MONITORING, 'postgres-exporter/queries.yaml'),
    )

    // The bank on a wal_level=logical cluster, with its Data Vault initialised by the product CLI.
    cluster = await startCluster()
    await cluster.createDatabase('bank')
    await cluster.createDatabase('vault')
    const bankEnv = { BANK_DATABASE_URL: cluster.url('bank') }
    const pipelineEnv = {
      PIPELINE_SOURCE_URL: cluster.url('bank'),
      PIPELINE_TARGET_URL: cluster.url('vault'),
    }
    await cli(BANK_CLI, ['db:migrate'], bankEnv)
    await cli(BANK_CLI, ['seed', '--customers', '5'], bankEnv)
    await cli(VITRINA_CLI, ['pipeline', 'init'], pipelineEnv)

    const tokenFile = path.join(dir, 'metrics.token')
    writeFileSync(tokenFile, TOKEN)
    const vitrinaAddress = new URL(vitrina.metricsUrl ?? '').host
    // The shipped layout: an empty replicas.d/ next to prometheus.yml.
    mkdirSync(path.join(dir, 'replicas.d'))
    const pipelineAddress = `127.0.0.1:${await freePort()}`
    const bankAddress = `127.0.0.1:${await freePort()}`
    prometheus = await startPrometheus(dir, (port) =>
      templated(readFileSync(PROMETHEUS_YML, 'utf8'), {
        prometheus: `127.0.0.1:${port}`,
        vitrina: vitrinaAddress,
        pipeline: pipelineAddress,
        bank: bankAddress,
        exporter: exporter.address,
        tokenFile,
      }),
    )
    // Scraped and down: the CDC cards must show nothing for this stretch, not a made-up 0.
    await waitForSeries(prometheus.url, 'up{job="vitrina-pipeline"}', (s) => s.value[1] === '0')
    beforePipeline = new Date()
    await new Promise((r) => setTimeout(r, 1500))

    const metricsEnv = { METRICS_TOKEN: TOKEN, LOG_LEVEL: 'silent' }
    loader = spawnTsx(VITRINA_CLI, ['pipeline', 'run', '--batch-max-ms', '50'], {
      ...pipelineEnv,
      ...metricsEnv,
      METRICS_LISTEN: pipelineAddress,
    })
    bankServer = spawnTsx(BANK_CLI, ['serve', '--port', '0', '--insecure-cookies'], {
      ...bankEnv,
      ...metricsEnv,
      METRICS_LISTEN: bankAddress,
    })
    // Both listeners from the start: the two lines may arrive in one chunk.
    const ready = [
      waitForLine(bankServer, /bank listening on (\S+)/),
      waitForLine(bankServer, /metrics on (\S+)/),
      waitForLine(loader, /metrics on (\S+)/),
    ]
    bankUrl = (await Promise.all(ready))[0]!
    // Traffic through the bank's own write path, which the loader streams into the vault.
    await cli(BANK_CLI, ['generate', '--customers', '5', '--tps', '40', '--duration', '3'], bankEnv)
  }, 180_000)
  afterAll(async () => {
    await stop(loader)
    await stop(bankServer)
    cluster?.destroy()
    await prometheus?.stop()
    await exporter?.stop()
    await slotHolder?.end()
    await vitrina?.stop()
    await database?.drop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('serves /metrics only on the listener, and only with the token', async () => {
    expect((await fetch(`${vitrina.url}/metrics`)).status).toBe(404)
    expect((await fetch(vitrina.metricsUrl ?? '')).status).toBe(401)
    const res = await fetch(vitrina.metricsUrl ?? '', { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(200)
    const lint = await promtool(['check', 'metrics'], await res.text())
    expect(lint).toEqual({ code: 0, output: '' })
  })

  it('accepts the shipped configuration, alert rules and rule tests (promtool)', async () => {
    const config = await promtool(['check', 'config', prometheus.configFile])
    expect(config.code, config.output).toBe(0)
    expect(config.output).toContain('SUCCESS: 18 rules found')
    const rules = await promtool(['check', 'rules', RULES])
    expect(rules.code, rules.output).toBe(0)
    const tests = await promtool([
      'test',
      'rules',
      path.join(MONITORING, 'prometheus/tests/vitrina-alerts.test.yml'),
    ])
    expect(tests.code, tests.output).toBe(0)
  })

  it('stores the Vitrina series it scraped with the bearer token', async () => {
    await waitForSeries(prometheus.url, 'up{job="vitrina"}', (s) => s.value[1] === '1')
    const requests = await waitForSeries(
      prometheus.url,
      'vitrina_http_request_duration_seconds_count{job="vitrina"}',
      (s) => s.metric.route === '/api/setup',
    )
    expect(requests.map((s) => s.metric.route)).toEqual(expect.arrayContaining(['/api/setup', '/api/health']))
    const sessions = await waitForSeries(prometheus.url, 'vitrina_active_sessions{job="vitrina"}')
    expect(sessions[0]?.value[1]).toBe('1')
    await waitForSeries(
      prometheus.url,
      'vitrina_db_pool_max_connections{job="vitrina",db="system"}',
      (s) => Number(s.value[1]) > 1,
    )
    await waitForSeries(prometheus.url, 'nodejs_eventloop_lag_p99_seconds{job="vitrina"}')
  })

  it('stores PostgreSQL figures, including the extra slot and replica queries', async () => {
    await waitForSeries(prometheus.url, 'pg_up{job="postgres",db="bank"}', (s) => s.value[1] === '1')
    const retained = await waitForSeries(prometheus.url, `pg_slot_retained_wal_bytes{slot_name="${slot}"}`)
    expect(retained[0]?.metric).toMatchObject({ slot_type: 'physical', db: 'bank', role: 'primary' })
    await waitForSeries(prometheus.url, `pg_slot_safe_wal_size_bytes{slot_name="${slot}"}`)
    await waitForSeries(prometheus.url, 'pg_replicas_connected{db="bank"}')
    await waitForSeries(prometheus.url, 'pg_recovery_is_replica{db="bank"}', (s) => s.value[1] === '0')
    const errors = await instantQuery(prometheus.url, 'pg_exporter_last_scrape_error{db="bank"}')
    expect(errors.map((s) => s.value[1])).toEqual(['0'])
  })

  it('stores the series of a running CDC loader and of the bank API', async () => {
    await waitForSeries(prometheus.url, 'up{job="vitrina-pipeline"}', (s) => s.value[1] === '1')
    await waitForSeries(
      prometheus.url,
      'vitrina_pipeline_changes_applied_total{job="vitrina-pipeline",slot="vitrina"}',
      (s) => Number(s.value[1]) > 0,
    )
    await waitForSeries(
      prometheus.url,
      'vitrina_pipeline_checkpoint_lsn{slot="vitrina"}',
      (s) => Number(s.value[1]) > 0,
    )
    await waitForSeries(
      prometheus.url,
      'max_over_time(vitrina_pipeline_changes_per_second{slot="vitrina"}[1m]) > 0',
    )
    await waitForSeries(prometheus.url, 'vitrina_pipeline_batch_duration_seconds_count{slot="vitrina"}')
    await waitForSeries(prometheus.url, 'vitrina_pipeline_slot_lag_bytes{slot="vitrina"}')
    await waitForSeries(
      prometheus.url,
      'vitrina_pipeline_quarantined_tables{slot="vitrina"}',
      (s) => s.value[1] === '0',
    )

    await fetch(`${bankUrl}/api/health`)
    await fetch(`${bankUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'client1', password: 'not-the-password' }),
    })
    await waitForSeries(prometheus.url, 'up{job="bank"}', (s) => s.value[1] === '1')
    await waitForSeries(
      prometheus.url,
      'bank_http_requests_total{job="bank",route="/api/login",status="401"}',
    )
    await waitForSeries(prometheus.url, 'bank_failures_total{job="bank",code="BANK_INVALID_CREDENTIALS"}')
  })

  it('draws the CDC cards from real loader data, and nothing while no loader was scraped', async () => {
    const driver = createPrometheusDriver({ url: prometheus.url, bearerToken: null })
    await waitForSeries(prometheus.url, 'vitrina_pipeline_apply_lag_seconds{slot="vitrina"}')
    for (const key of ['pipelineApplyLag', 'pipelineRate']) {
      const card = PLATFORM_HEALTH_CARDS.find((c) => c.key === key)!
      const before = await driver.queryRange({
        promql: card.promql,
        start: new Date(beforePipeline.getTime() - 1000),
        end: beforePipeline,
        stepSeconds: 1,
      })
      expect(before.rows, key).toEqual([])
      const end = new Date()
      const now = await driver.queryRange({
        promql: card.promql,
        start: new Date(end.getTime() - 30_000),
        end,
        stepSeconds: 1,
      })
      expect(now.rows.length, key).toBeGreaterThan(0)
      const slotColumn = now.columns.findIndex((c) => c.name === 'slot')
      expect(new Set(now.rows.map((r) => r[slotColumn])), key).toEqual(new Set(['vitrina']))
    }
  })

  it('evaluates every alert rule without error', async () => {
    type Rule = { name: string; health: string; lastError?: string; lastEvaluation: string }
    let rules: Rule[] = []
    for (let attempt = 0; attempt < 200; attempt++) {
      const body = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as {
        data: { groups: { rules: Rule[] }[] }
      }
      rules = body.data.groups.flatMap((g) => g.rules)
      if (rules.length > 0 && rules.every((r) => !r.lastEvaluation.startsWith('0001'))) break
      await new Promise((r) => setTimeout(r, 250))
    }
    expect(rules).toHaveLength(18)
    for (const rule of rules)
      expect({ name: rule.name, health: rule.health }).toEqual({ name: rule.name, health: 'ok' })
  })

  it('runs every Grafana dashboard query as valid PromQL; the Vitrina panels have data', async () => {
    const files = readdirSync(DASHBOARDS).filter((f) => f.endsWith('.json'))
    expect(files.sort()).toEqual(['pipeline.json', 'postgresql.json', 'service-overview.json'])
    for (const file of files) {
      const dashboard = JSON.parse(readFileSync(path.join(DASHBOARDS, file), 'utf8')) as {
        panels: { title: string; targets: { expr: string }[] }[]
      }
      for (const panel of dashboard.panels) {
        for (const { expr } of panel.targets) {
          const concrete = expr.replaceAll('$db', '.*').replaceAll('$slot', '.*')
          await expect(
            instantQuery(prometheus.url, concrete),
            `${file}: ${panel.title}`,
          ).resolves.toBeDefined()
        }
      }
    }
    for (const expr of [
      'sum by (route) (rate(vitrina_http_request_duration_seconds_count[5m]))',
      'sum(vitrina_active_sessions)',
      'sum by (db, state) (vitrina_db_pool_connections)',
      'sum by (db) (rate(pg_stat_database_xact_commit{db=~".*"}[5m]))',
    ]) {
      await waitForSeries(prometheus.url, expr)
    }
  })

  it('answers PromQL range queries as rows: time, series, one column per label, value', async () => {
    const driver = createPrometheusDriver({ url: prometheus.url, bearerToken: null })
    expect((await driver.test()).serverVersion).toMatch(/^Prometheus 2\./)
    expect(await driver.metricNames()).toEqual(expect.arrayContaining(['vitrina_active_sessions', 'pg_up']))

    await waitForSeries(prometheus.url, 'up{job="vitrina"}')
    const end = new Date()
    const range = {
      promql: 'up{job="vitrina"}',
      start: new Date(end.getTime() - 60_000),
      end,
      stepSeconds: 1,
    }
    const result = await driver.queryRange(range)
    expect(result.columns).toEqual([
      { name: 'time', type: 'timestamp' },
      { name: 'series', type: 'text' },
      { name: 'instance', type: 'text' },
      { name: 'job', type: 'text' },
      { name: 'value', type: 'float' },
    ])
    expect(result.rows.length).toBeGreaterThan(0)
    const instance = new URL(vitrina.metricsUrl ?? '').host
    for (const row of result.rows) {
      expect(row[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/)
      expect(row.slice(1)).toEqual([`up{instance="${instance}",job="vitrina"}`, instance, 'vitrina', 1])
    }
    const capped = await driver.queryRange(range, { rowCap: 1 })
    expect(capped.rows).toHaveLength(1)
    expect(capped.truncated).toBe(result.rows.length > 1)
  })

  it('reports bad PromQL and an unreachable server with stable codes', async () => {
    const driver = createPrometheusDriver({ url: prometheus.url, bearerToken: null })
    const end = new Date()
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (e: unknown) => e,
      )
    const bad = await failure(driver.queryRange({ promql: 'rate(up[', start: end, end, stepSeconds: 1 }))
    expect(bad).toBeInstanceOf(SourceError)
    expect((bad as SourceError).code).toBe('QUERY_FAILED')
    const gone = createPrometheusDriver({ url: 'http://127.0.0.1:1', bearerToken: null })
    expect(((await failure(gone.test())) as SourceError).code).toBe('SOURCE_UNREACHABLE')
  })

  it('is a Vitrina data source: PromQL through POST /api/query/run answers time-series rows', async () => {
    const t = await createTestApp()
    try {
      const admin = await t.setupAdmin()
      const created = await t.as(admin, {
        method: 'POST',
        url: '/api/sources',
        payload: { name: 'Prometheus', connection: { kind: 'prometheus', url: prometheus.url } },
      })
      expect(created.statusCode, created.body).toBe(201)
      const source = created.json() as ApiSource
      expect(source).toMatchObject({
        kind: 'prometheus',
        dialect: null,
        connection: { kind: 'prometheus', url: prometheus.url, hasPassword: false },
      })
      const catalog = await t.as(admin, { method: 'GET', url: `/api/sources/${source.id}/catalog` })
      expect((catalog.json() as SourceCatalog).tables.map((x) => x.name)).toContain('vitrina_active_sessions')

      const run = (query: RunQueryBody['query'], parameters: RunQueryBody['parameters'] = {}) =>
        t.as(admin, {
          method: 'POST',
          url: '/api/query/run',
          payload: { sourceId: source.id, query, parameters },
        })
      const res = await run({ kind: 'native', sql: 'up{job="vitrina"}' }, { range: '1m', step: 5 })
      expect(res.statusCode, res.body).toBe(200)
      const result = res.json() as QueryRunResult
      expect(result.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
        'time:timestamp',
        'series:text',
        'instance:text',
        'job:text',
        'value:float',
      ])
      expect(result.rows.length).toBeGreaterThan(0)
      expect(result.rows.map((r) => r[4])).toContain(1)
      expect(result.rows.every((r) => r[3] === 'vitrina')).toBe(true)
      expect(result.compiled.params[2]).toBe(5)

      const builder = await run({
        kind: 'builder',
        query: {
          source: { kind: 'table', schema: 'prometheus', name: 'up' },
          joins: [],
          expressions: [],
          filter: null,
          aggregations: [],
          breakouts: [],
          fields: null,
          orderBy: [],
          limit: null,
        },
      })
      expect(builder.statusCode).toBe(400)
      expect(builder.json().error.code).toBe('QUERY_FAILED')
      const badRange = await run({ kind: 'native', sql: 'up' }, { range: 'forever' })
      expect(badRange.json().error.code).toBe('QUERY_FAILED')
    } finally {
      await t.close()
    }
  })

  it('installs the built-in Platform health dashboard, and every card of it returns data', async () => {
    // Rates need traffic between two scrapes: keep requests coming until Prometheus sees a rate.
    const traffic = setInterval(() => void fetch(`${vitrina.url}/api/health`), 200)
    try {
      await waitForSeries(prometheus.url, 'sum(rate(vitrina_http_request_duration_seconds_count[5m])) > 0')
    } finally {
      clearInterval(traffic)
    }
    const t = await createTestApp()
    try {
      const admin = await t.setupAdmin()
      const analyst = await t.createUser(admin, 'analyst')
      const body = { prometheusUrl: prometheus.url }
      const url = '/api/admin/platform-health'
      const refused = await t.as(await t.login(analyst.email, analyst.password), {
        method: 'POST',
        url,
        payload: body,
      })
      expect(refused.statusCode).toBe(403)
      const res = await t.as(admin, { method: 'POST', url, payload: body })
      expect(res.statusCode, res.body).toBe(201)
      const installed = res.json() as PlatformHealth
      expect(installed.questionIds).toHaveLength(PLATFORM_HEALTH_CARDS.length)

      const dashboard = await t.as(admin, { method: 'GET', url: `/api/dashboards/${installed.dashboardId}` })
      expect(dashboard.statusCode, dashboard.body).toBe(200)
      const cards = (dashboard.json() as ApiDashboard).cards
      expect(cards.map((c) => (c.kind === 'question' ? c.questionId : null))).toEqual(installed.questionIds)

      for (const [i, id] of installed.questionIds.entries()) {
        const run = await t.as(admin, {
          method: 'POST',
          url: `/api/questions/${id}/run`,
          payload: { parameters: { range: '2m', step: 5 } },
        })
        const key = PLATFORM_HEALTH_CARDS[i]?.key
        expect(run.statusCode, `${key}: ${run.body}`).toBe(200)
        expect((run.json() as QueryRunResult).rows.length, key).toBeGreaterThan(0)
      }
    } finally {
      await t.close()
    }
  })
  it('scrapes warehouse replicas only once their opt-in target file exists', {
    timeout: 90_000,
  }, async () => {
    // As shipped (replicas.d/ empty): no replica target, so nothing to alert on.
    expect(await instantQuery(prometheus.url, 'up{role="replica"}')).toEqual([])
    copyFileSync(REPLICAS_EXAMPLE, path.join(dir, 'replicas.d', 'postgres-replicas.yml'))
    const checked = await promtool(['check', 'config', prometheus.configFile])
    expect(checked.code, checked.output).toBe(0)
    expect(checked.output).not.toContain('WARNING')
    // Prometheus watches the directory: the example's replica appears without a restart.
    const up = await waitForSeries(prometheus.url, 'up{job="postgres",role="replica"}')
    expect(up[0]?.metric).toMatchObject({ db: 'warehouse', instance: '127.0.0.1:9189' })
  })
})
