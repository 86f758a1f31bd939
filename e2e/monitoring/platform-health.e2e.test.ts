import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PLATFORM_HEALTH_CARDS } from '../../packages/server/src/metrics/platform-health'
import {
  type Spawned,
  startPrometheus,
  waitForSeries,
} from '../../packages/server/src/metrics/testing/prometheus'
import { launchBrowser, snapshot } from '../support/browser'
import { setupAdmin } from '../support/session-api'
import { freePort, type RunningServer, startBuiltVitrina } from '../support/vitrina'

const TOKEN = 'e2e-metrics-token-0123456789'

describe('monitoring: an admin installs the Platform health dashboard and its cards draw', () => {
  let server: RunningServer
  let prometheus: Spawned
  let dir: string
  let browser: Browser
  let page: Page
  const problems: string[] = []

  beforeAll(async () => {
    const metricsPort = await freePort()
    server = await startBuiltVitrina({ METRICS_LISTEN: `127.0.0.1:${metricsPort}`, METRICS_TOKEN: TOKEN })
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrina-e2e-prometheus-'))
    fs.writeFileSync(path.join(dir, 'token'), TOKEN)
    prometheus = await startPrometheus(
      dir,
      () => `global: { scrape_interval: 1s }
scrape_configs:
  - job_name: vitrina
    authorization: { credentials_file: ${path.join(dir, 'token')} }
    static_configs: [{ targets: ['127.0.0.1:${metricsPort}'] }]
`,
    )
    browser = await launchBrowser()
    page = await browser.newPage({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 } })
    page.on('pageerror', (e) => problems.push(e.message))
    await setupAdmin(page, server.url)
    await waitForSeries(prometheus.url, 'vitrina_active_sessions{job="vitrina"}')
  })
  afterAll(async () => {
    await browser?.close()
    await prometheus?.stop()
    await server?.stop()
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('installs it from Admin → Monitoring and opens it', async () => {
    await page.goto(`${server.url}/admin/monitoring`)
    await page.getByLabel('Адрес Prometheus').fill(prometheus.url)
    await page.getByRole('button', { name: 'Создать дашборд «Platform health»' }).click()
    await page.getByRole('link', { name: 'Открыть дашборд' }).click()
    await page.waitForURL(/\/dashboards\/[^/]+$/)
    await page.getByRole('heading', { name: 'Platform health' }).waitFor()
  })

  it('draws every card from Prometheus, with no page errors', async () => {
    const cards = page.getByTestId('dashboard-question-card')
    await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(PLATFORM_HEALTH_CARDS.length)
    for (const card of PLATFORM_HEALTH_CARDS) {
      const view = cards.filter({ hasText: card.title })
      await expect.poll(() => view.getAttribute('data-state'), { timeout: 60_000 }).toBe('success')
    }
    // Gauges of this very install always have samples: those cards must draw a line chart.
    for (const key of ['activeSessions', 'dbPool', 'eventLoopLag', 'memory', 'targetsUp']) {
      const title = PLATFORM_HEALTH_CARDS.find((c) => c.key === key)?.title ?? key
      await cards.filter({ hasText: title }).locator('[data-rendered="true"]').waitFor({ timeout: 60_000 })
    }
    // No CDC loader runs in this install: its cards say there is nothing, instead of drawing a 0.
    for (const key of ['pipelineApplyLag', 'pipelineRate']) {
      const title = PLATFORM_HEALTH_CARDS.find((c) => c.key === key)?.title ?? key
      await cards.filter({ hasText: title }).getByText('Нет строк').waitFor({ timeout: 60_000 })
    }
    await snapshot(page, 'monitoring-platform-health')
    expect(problems).toEqual([])
  })
})
