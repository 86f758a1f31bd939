import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, snapshot } from '../support/browser'
import { setupAdmin } from '../support/session-api'
import { type RunningServer, startBuiltVitrina } from '../support/vitrina'

// The gallery's cards (packages/web/src/features/viz/gallery/samples.ts) and how each one draws.
const CANVAS_CARDS = [
  'trend',
  'bar',
  'bar-stacked',
  'bar-percent',
  'bar-horizontal',
  'line',
  'area',
  'combo',
  'pie',
  'donut',
  'scatter',
  'funnel',
  'gauge',
  'waterfall',
]

/** Painted (non-transparent) pixels of every canvas in the card: zero means ECharts drew nothing. */
async function paintedPixels(page: Page, testId: string): Promise<number[]> {
  return page.getByTestId(testId).evaluate((card) =>
    Array.from(card.querySelectorAll('canvas')).map((canvas) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
      let painted = 0
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++
      return painted
    }),
  )
}

describe('visualizations: every chart type draws in Chromium', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  const problems: string[] = []
  const scripts: string[] = []

  beforeAll(async () => {
    server = await startBuiltVitrina()
    browser = await launchBrowser()
    page = await browser.newPage({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 } })
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text())
    })
    page.on('pageerror', (e) => problems.push(e.message))
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url())
    })
    await setupAdmin(page, server.url)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('draws every canvas chart of the gallery, loading ECharts as its own chunk', async () => {
    await page.goto(`${server.url}/charts/gallery`)
    await page.getByRole('heading', { name: 'Галерея графиков' }).waitFor()
    for (const id of CANVAS_CARDS) {
      await page.getByTestId(`gallery-${id}`).locator('[data-rendered="true"]').first().waitFor()
      const painted = await paintedPixels(page, `gallery-${id}`)
      expect(painted.length, id).toBeGreaterThan(0)
      expect(Math.min(...painted), id).toBeGreaterThan(500)
    }
    expect(scripts.some((url) => /\/assets\/EChart-[^/]+\.js$/.test(url))).toBe(true)
  })

  it('draws the HTML visualizations with formatted Russian numbers', async () => {
    const table = page.getByTestId('gallery-table')
    await expect(table.getByRole('row').count()).resolves.toBe(8) // header, 6 regions, totals
    const totals = (await table.getByTestId('viz-table-totals').textContent())!.replace(
      /[\u00a0\u202f]/g,
      ' ',
    )
    expect(totals).toContain('Итого')
    expect(totals).toContain('40 500 001 ₽')
    // The colour scale paints Moscow's revenue (the largest) in the scale's end colour.
    await expect(
      table
        .getByRole('cell', { name: /15\s400\s001/ })
        .evaluate((td) => getComputedStyle(td).backgroundColor),
    ).resolves.toBe('rgb(105, 219, 124)')

    const number = await page.getByTestId('gallery-number').getByTestId('viz-number-value').textContent()
    expect(number!.replace(/[\u00a0\u202f]/g, ' ')).toBe('7 350 000 ₽')
    await expect(
      page.getByTestId('gallery-trend').getByText('к предыдущему периоду').isVisible(),
    ).resolves.toBe(true)

    const pivot = page.getByTestId('gallery-pivot')
    await pivot.getByRole('columnheader', { name: 'Москва' }).waitFor()
    await expect(pivot.getByRole('columnheader', { name: 'Общий итог' }).count()).resolves.toBe(1)
    await expect(pivot.getByRole('cell', { name: 'Общий итог' }).count()).resolves.toBe(1)
    await expect(pivot.getByRole('row').count()).resolves.toBe(14) // header, 12 months, grand total

    const progress = page.getByTestId('gallery-progress')
    await expect(progress.getByRole('progressbar').getAttribute('aria-label')).resolves.toBe('82 %')
  })

  it('redraws as the settings panel changes the chart', async () => {
    const editor = page.getByTestId('gallery-editor')
    await expect(editor.getByTestId('visualization').getAttribute('data-chart-type')).resolves.toBe('line')
    await editor.getByTestId('chart-type-bar').click()
    await expect(editor.getByTestId('visualization').getAttribute('data-chart-type')).resolves.toBe('bar')
    await editor.getByRole('tab', { name: 'Вид' }).click()
    await editor.getByText('100 %', { exact: true }).click()
    await editor.getByLabel('Подписи значений').check()
    await editor.locator('[data-rendered="true"]').first().waitFor()
    expect(Math.min(...(await paintedPixels(page, 'gallery-editor')))).toBeGreaterThan(500)
    await editor.getByTestId('chart-type-pivot').click()
    await editor.getByTestId('viz-pivot').waitFor()
  })

  it('redraws every chart in the dark theme', async () => {
    await page.getByRole('button', { name: 'Toggle dark theme' }).click()
    await page.locator('html[data-mantine-color-scheme="dark"]').waitFor({ state: 'attached' })
    for (const id of CANVAS_CARDS) {
      await expect
        .poll(async () => Math.min(...(await paintedPixels(page, `gallery-${id}`))), { timeout: 10_000 })
        .toBeGreaterThan(500)
    }
  })

  it('logs no errors (no CSP violations, no exceptions) and leaves a non-empty screenshot', async () => {
    const file = await snapshot(page, 'charts-gallery')
    const { size } = await import('node:fs').then((fs) => fs.statSync(file))
    expect(size).toBeGreaterThan(50_000)
    expect(problems).toEqual([])
  })
})
