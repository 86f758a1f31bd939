// npm run bench -- dashboard: a 12-card dashboard over a 1M-row DuckDB table, opened in headless Chromium.
// cold_ms: navigation until every card has drawn, on an empty query cache; warm_ms: the same in a fresh page
// once the cache holds every card. The peer figure is the same 12 questions run one after another through
// the API on a cache miss (`vitrina-duckdb-api`, `sequential_miss_ms`): what a page would wait without
// parallel cards. Requires `npm run build` (the SPA is served from packages/web/dist).
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { launchBrowser } from '../e2e/support/browser'
import { SALES } from './query-shared'

const root = path.resolve(import.meta.dirname, '..')
const log = (message: string) => process.stderr.write(`dashboard: ${message}\n`)
const figure = (subject: string, metric: string, value: number, unit: string) =>
  process.stdout.write(`${JSON.stringify({ bench: 'dashboard', subject, metric, value, unit })}\n`)

const T = `main.${SALES}`
/** Twelve different questions (so none shares another's cache entry), each with its chart. */
const CARDS: { sql: string; chart: Record<string, unknown> }[] = [
  {
    sql: `select region, sum(amount) as revenue from ${T} group by 1 order by 1`,
    chart: { type: 'bar', dimension: 'region', metrics: ['revenue'] },
  },
  {
    sql: `select date_trunc('month', sold_on)::date as month, sum(amount) as revenue from ${T} group by 1 order by 1`,
    chart: { type: 'line', dimension: 'month', metrics: ['revenue'] },
  },
  {
    sql: `select region, count(*) as orders from ${T} group by 1`,
    chart: { type: 'pie', dimension: 'region', metrics: ['orders'] },
  },
  { sql: `select sum(amount) as revenue from ${T}`, chart: { type: 'number', metrics: ['revenue'] } },
  {
    sql: `select date_trunc('month', sold_on)::date as month, region, sum(amount) as revenue from ${T} group by 1, 2 order by 1`,
    chart: { type: 'bar', dimension: 'month', breakout: 'region', metrics: ['revenue'], stacking: 'stacked' },
  },
  {
    sql: `select region, avg(amount) as avg_check, max(amount) as max_check from ${T} group by 1 order by 1`,
    chart: { type: 'table' },
  },
  {
    sql: `select dayofweek(sold_on) as weekday, count(*) as orders from ${T} group by 1 order by 1`,
    chart: { type: 'bar', dimension: 'weekday', metrics: ['orders'] },
  },
  {
    sql: `select date_trunc('week', sold_on)::date as week, sum(amount) as revenue from ${T} group by 1 order by 1`,
    chart: { type: 'area', dimension: 'week', metrics: ['revenue'] },
  },
  {
    sql: `select count(distinct sold_on) as days from ${T}`,
    chart: { type: 'gauge', metrics: ['days'], gauge: { max: 400 } },
  },
  {
    sql: `select region, sum(amount) as revenue, count(*) as orders from ${T} group by 1 order by 1`,
    chart: { type: 'combo', dimension: 'region', metrics: ['revenue', 'orders'] },
  },
  {
    sql: `select region, sum(amount) as revenue from ${T} where amount > 500 group by 1 order by 2 desc`,
    chart: { type: 'funnel', dimension: 'region', metrics: ['revenue'] },
  },
  {
    sql: `select date_trunc('quarter', sold_on)::date as quarter, sum(amount) as delta from ${T} group by 1 order by 1`,
    chart: { type: 'waterfall', dimension: 'quarter', metrics: ['delta'] },
  },
]

const dataDir = mkdtempSync(path.join(tmpdir(), 'vitrina-bench-dashboard-'))
const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/dashboard-server.ts')], {
  cwd: root,
  env: { ...process.env, VITRINA_DATA_DIR: dataDir },
  stdio: ['pipe', 'pipe', 'inherit'],
})
try {
  const first = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: server.stdout! }).once('line', resolve)
    server.once('exit', (code) => reject(new Error(`dashboard-server exited with ${code}`)))
  })
  const { url } = JSON.parse(first) as { url: string }

  const setup = await fetch(`${url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench', email: 'bench@example.com', password: 'bench-password-42' }),
  })
  const cookie = setup.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const { csrfToken } = (await setup.json()) as { csrfToken: string }
  const post = async <T>(p: string, body: unknown): Promise<T> => {
    const res = await fetch(`${url}${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }
  const collection = await post<{ id: string }>('/api/collections', { name: 'Bench' })
  const questions: { id: string }[] = []
  for (const [i, card] of CARDS.entries()) {
    questions.push(
      await post('/api/questions', {
        name: `Карточка ${i + 1}`,
        collectionId: collection.id,
        sourceId: 'warehouse',
        query: { kind: 'native', sql: card.sql, variables: [] },
        visualization: card.chart,
      }),
    )
  }
  const dashboard = await post<{ id: string }>('/api/dashboards', {
    name: 'Bench',
    collectionId: collection.id,
    cards: questions.map((q, i) => ({
      id: `c${i}`,
      kind: 'question',
      tabId: 'main',
      questionId: q.id,
      layout: { x: (i % 3) * 4, y: Math.floor(i / 3) * 5, w: 4, h: 5 },
    })),
  })

  const browser = await launchBrowser()
  const context = await browser.newContext({ viewport: { width: 1600, height: 2200 } })
  const session = cookie.split('; ').map((c) => {
    const [name, ...rest] = c.split('=')
    return { name: name!, value: rest.join('='), url }
  })
  await context.addCookies(session)
  const open = async () => {
    const page = await context.newPage()
    const t0 = performance.now()
    await page.goto(`${url}/dashboards/${dashboard.id}`)
    await page.waitForFunction(
      (count) => {
        const cards = Array.from(document.querySelectorAll('[data-testid="dashboard-question-card"]'))
        const drawn = cards.filter(
          (c) =>
            c.getAttribute('data-state') === 'success' &&
            (c.querySelector('[data-rendered="true"]') ||
              c.querySelector('[data-testid="viz-table"], [data-testid="viz-number"]')),
        )
        const failed = cards.find((c) => c.getAttribute('data-state') === 'error')
        if (failed) throw new Error(`a card failed: ${failed.textContent}`)
        return drawn.length === count
      },
      CARDS.length,
      { timeout: 120_000, polling: 'raf' },
    )
    const ms = performance.now() - t0
    // Where the time went, for the reader of the progress log.
    const phases = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[]
      const runs = resources.filter((r) => /\/api\/dashboards\/[^/]+\/cards\/[^/]+\/run$/.test(r.name))
      const dashboard = resources.find((r) => /\/api\/dashboards\/[^/]+$/.test(r.name))
      const cached = resources.find((r) => /\/api\/dashboards\/[^/]+\/cards\/cached$/.test(r.name))
      const charts = resources.find((r) => /\/assets\/echarts-core[^/]*\.js$/.test(r.name))
      return {
        chartsChunkEnd: Math.round(charts?.responseEnd ?? -1),
        domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
        dashboardStart: Math.round(dashboard?.startTime ?? -1),
        dashboardEnd: Math.round(dashboard?.responseEnd ?? -1),
        cachedEnd: Math.round(cached?.responseEnd ?? -1),
        runs: runs.length,
        firstRunStart: Math.round(Math.min(...runs.map((r) => r.startTime))),
        lastRunEnd: Math.round(Math.max(...runs.map((r) => r.responseEnd))),
      }
    })
    log(`${Math.round(ms)} ms: ${JSON.stringify(phases)}`)
    await page.close()
    return ms
  }
  log('opening cold')
  figure('vitrina-duckdb', 'cold_ms', Math.round(await open()), 'ms')
  log('opening warm')
  const warm: number[] = []
  for (let i = 0; i < 3; i++) warm.push(await open())
  figure('vitrina-duckdb', 'warm_ms', Math.round(warm.sort((a, b) => a - b)[1]!), 'ms')
  await browser.close()

  log('peer: the same questions one after another, cache miss')
  const t0 = performance.now()
  for (const card of CARDS) {
    await post('/api/query/run', {
      sourceId: 'warehouse',
      query: { kind: 'native', sql: card.sql, variables: [] },
      refresh: true,
    })
  }
  figure('vitrina-duckdb-api', 'sequential_miss_ms', Math.round(performance.now() - t0), 'ms')
} finally {
  server.stdin?.end()
  await new Promise((r) => server.once('exit', r))
  rmSync(dataDir, { recursive: true, force: true })
}
