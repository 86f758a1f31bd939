import fs from 'node:fs'
import type { ApiDataset } from '@vitrina/contracts'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchBrowser, snapshot } from '../support/browser'
import { type SessionApi, setupAdmin } from '../support/session-api'
import { type RunningServer, startBuiltVitrina } from '../support/vitrina'

const FIRST_CSV = [
  'day,region,amount',
  '2026-01-05,Москва,100',
  '2026-01-20,Москва,50',
  '2026-01-21,Казань,999',
  '2026-02-03,Москва,70',
].join('\n')
const MORE_CSV = ['day,region,amount', '2026-02-10,Москва,30', '2026-03-01,Москва,5'].join('\n')

describe('questions: builder, cache, refresh on upload, SQL variables, write refused', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  let api: SessionApi
  let dataset: ApiDataset

  /** Mantine Select: open it, then pick the option by its text. */
  async function pick(scope: Page | ReturnType<Page['getByTestId']>, label: string, option: string | RegExp) {
    await scope.locator(`input[aria-label="${label}"]`).click()
    await page.getByRole('option', { name: option }).first().click()
  }

  async function run() {
    await page.getByTestId('run-button').click()
    await page.getByTestId('run-summary').waitFor()
  }

  const cells = () => page.getByTestId('result-row').allInnerTexts()

  beforeAll(async () => {
    server = await startBuiltVitrina()
    browser = await launchBrowser()
    page = await browser.newPage({ locale: 'ru-RU', acceptDownloads: true })
    await page.goto(server.url)
    api = await setupAdmin(page, server.url)

    dataset = await api.call<ApiDataset>('POST', '/api/datasets', {
      name: 'Продажи',
      schema: {
        columns: [
          { displayName: 'День', identifier: 'day', type: 'date', required: true },
          { displayName: 'Регион', identifier: 'region', type: 'text', required: true },
          { displayName: 'Сумма', identifier: 'amount', type: 'decimal', required: true },
        ],
        keyColumns: [],
      },
    })
    await api.importCsv(dataset.id, 'продажи-1.csv', FIRST_CSV)
    await api.call('POST', '/api/collections', { name: 'Отдел продаж' })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })
  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      await snapshot(page, `questions-failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`)
    })
  })

  it('builds a question (filter, group by month, sum), shows its SQL and saves it', async () => {
    await page.goto(`${server.url}/questions`)
    await page.getByTestId('new-question').click()
    await page.getByTestId('new-builder-question').click()
    await page.waitForURL('**/questions/new?mode=builder')

    await pick(page, 'Таблица', `${dataset.table.schema}.${dataset.table.name}`)

    // Filter: region is Москва.
    await page.getByTestId('add-filter').click()
    const filter = page.getByTestId('filter-row')
    await pick(filter, 'Столбец', 'region')
    await filter.locator('input[aria-label="Значение"]').fill('Москва')

    // Sum of amount by month of day.
    await page.getByTestId('add-metric').click()
    const metric = page.getByTestId('aggregation-row')
    await pick(metric, 'Показатель', 'Сумма')
    await pick(metric, 'Столбец', 'amount')
    await page.getByTestId('add-breakout').click()
    await expect(
      page.getByTestId('breakout-row').locator('input[aria-label="Шаг"]').inputValue(),
    ).resolves.toBe('месяц')
    await page.getByRole('button', { name: 'Добавить сортировку' }).click()

    await run()
    await expect.poll(cells).toHaveLength(2)
    const rows = await cells()
    expect(rows[0]).toContain('150')
    expect(rows[1]).toContain('70')
    expect(rows.join(' ')).not.toContain('999')
    await expect(page.getByTestId('result-column').allInnerTexts()).resolves.toHaveLength(2)

    await page.getByTestId('view-sql').click()
    const sql = page.getByTestId('compiled-sql')
    await sql.waitFor()
    const text = (await sql.innerText()).toUpperCase()
    expect(text).toContain('SUM(')
    expect(text).toContain('GROUP BY')
    expect(text).toContain(dataset.table.name.toUpperCase())
    await page.keyboard.press('Escape')

    await page.getByTestId('save-question').click()
    await page.getByTestId('question-name').fill('Продажи Москвы по месяцам')
    await page.getByTestId('save-question-submit').click()
    await page.waitForURL(/\/questions\/[^/]+$/)
    await page.getByTestId('question-title').getByText('Продажи Москвы по месяцам').waitFor()
  })

  it('runs the saved question again and shows the cache hit', async () => {
    await run()
    await page.getByTestId('cache-badge').waitFor()
    await expect.poll(cells).toHaveLength(2)
    // Refresh bypasses the cache.
    await page.getByTestId('refresh-button').click()
    await page.getByTestId('fresh-badge').waitFor()
  })

  it('refreshes the result after new rows are uploaded to the dataset', async () => {
    await api.importCsv(dataset.id, 'продажи-2.csv', MORE_CSV)
    await run()
    await expect.poll(cells).toHaveLength(3)
    await page.getByTestId('fresh-badge').waitFor()
    const rows = await cells()
    expect(rows[1]).toContain('100')
    expect(rows[2]).toContain('5')
  })

  it('builds a question on top of the saved one', async () => {
    await page.goto(`${server.url}/questions/new?mode=builder`)
    await pick(page, 'Таблица', 'Продажи Москвы по месяцам')
    await page.getByTestId('add-filter').click()
    const filter = page.getByTestId('filter-row')
    await pick(filter, 'Столбец', 'sum_amount')
    await pick(filter, 'Условие', /^больше$/)
    await filter.locator('input[aria-label="Значение"]').fill('80')
    await run()
    await expect.poll(cells).toHaveLength(2)
    expect((await cells()).join(' ')).not.toContain('2026-03-01')

    // Convert to SQL: the compiled statement opens in the editor, its values as {{pN}} variables, same rows.
    await page.getByTestId('convert-to-sql').click()
    await page.getByTestId('variables-panel').waitFor()
    await expect(page.locator('.cm-content').innerText()).resolves.toContain('{{p')
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/query/run')),
      page.getByTestId('run-button').click(),
    ])
    expect(response.status()).toBe(200)
    expect(((await response.json()) as { rows: unknown[] }).rows).toHaveLength(2)
    await expect.poll(cells).toHaveLength(2)
  })

  it('runs SQL with a variable from the keyboard', async () => {
    await page.goto(`${server.url}/questions/new?mode=sql`)
    await page.locator('.cm-content').click()
    await page.keyboard.type(
      `select region, sum(amount) as total from ${dataset.table.schema}.${dataset.table.name} where region = {{region}} group by region`,
    )
    await page.keyboard.press('Escape')
    await page.getByTestId('variable-region').fill('Казань')
    await page.locator('.cm-content').click()
    await page.keyboard.press('Control+Enter')
    await page.getByTestId('run-summary').waitFor()
    await expect.poll(cells).toHaveLength(1)
    expect((await cells())[0]).toContain('Казань')
    expect((await cells())[0]).toContain('999')
  })

  it('exports the result as CSV and XLSX files', async () => {
    const csv = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()])
    const text = fs.readFileSync((await csv[0].path()) as string, 'utf8')
    expect(text).toContain('region')
    expect(text).toContain('Казань')
    const xlsx = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()])
    expect(xlsx[0].suggestedFilename()).toMatch(/\.xlsx$/)
  })

  it('stops a long query on the server', async () => {
    await page.goto(`${server.url}/questions/new?mode=sql`)
    await page.locator('.cm-content').click()
    await page.keyboard.type('select count(*) as n from range(200000) a, range(200000) b')
    await page.keyboard.press('Escape')
    await page.getByTestId('run-button').click()
    await page.getByTestId('stop-button').click()
    const alert = page.getByTestId('error-alert')
    await alert.waitFor()
    await expect(alert.innerText()).resolves.toContain('Запрос остановлен')
    await page.getByTestId('run-button').waitFor()
  })

  it('refuses a write statement with a clear message', async () => {
    await page.goto(`${server.url}/questions/new?mode=sql`)
    await page.locator('.cm-content').click()
    await page.keyboard.type(`delete from ${dataset.table.schema}.${dataset.table.name}`)
    await page.keyboard.press('Escape')
    await page.getByTestId('run-button').click()
    const alert = page.getByTestId('error-alert')
    await alert.waitFor()
    await expect(alert.innerText()).resolves.toContain('разрешено только чтение')
    const after = await api.call<ApiDataset>('GET', `/api/datasets/${dataset.id}`)
    expect(after.rowCount).toBe(6)
  })
})
