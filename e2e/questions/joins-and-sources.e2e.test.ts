import type { ApiDataset } from '@vitrina/contracts'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchBrowser, snapshot } from '../support/browser'
import { type SessionApi, setupAdmin } from '../support/session-api'
import { type RunningServer, startBuiltVitrina } from '../support/vitrina'

describe('questions: joins on declared and detected keys, field filters on the server, SQL questions as sources', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  let api: SessionApi
  const ds: Record<string, ApiDataset> = {}

  /** A dataset with a key, loaded from a CSV through the upload API. */
  async function dataset(name: string, columns: [string, string][], key: string, csv: string[]) {
    const created = await api.call<ApiDataset>('POST', '/api/datasets', {
      name,
      schema: {
        columns: columns.map(([identifier, type]) => ({
          displayName: identifier,
          identifier,
          type,
          required: true,
        })),
        keyColumns: [key],
      },
    })
    await api.importCsv(created.id, `${name}.csv`, csv.join('\n'))
    return created
  }

  async function choose(input: Locator, option: string | RegExp) {
    await input.click()
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
    page = await browser.newPage({ locale: 'ru-RU' })
    await page.goto(server.url)
    api = await setupAdmin(page, server.url)
    ds.customers = await dataset(
      'customers',
      [
        ['id', 'integer'],
        ['name', 'text'],
      ],
      'id',
      ['id,name', '1,Ромашка', '2,Лютик'],
    )
    ds.regions = await dataset(
      'regions',
      [
        ['code', 'text'],
        ['title', 'text'],
      ],
      'code',
      ['code,title', 'msk,Москва', 'kzn,Казань'],
    )
    ds.orders = await dataset(
      'orders',
      [
        ['id', 'integer'],
        ['customer_id', 'integer'],
        ['region_code', 'text'],
        ['amount', 'decimal'],
      ],
      'id',
      ['id,customer_id,region_code,amount', '1,1,msk,10', '2,1,kzn,5', '3,2,msk,7'],
    )
    await api.call('POST', '/api/collections', { name: 'Заказы' })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })
  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      await snapshot(page, `joins-failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`)
    })
  })

  it('declares a reference on the dataset page', async () => {
    await page.goto(`${server.url}/data/${ds.orders!.id}/schema`)
    const panel = page.getByTestId('dataset-references')
    await panel.waitFor()
    await choose(page.getByTestId('reference-column'), 'region_code')
    await choose(page.getByTestId('reference-target'), 'regions.code')
    await page.getByTestId('reference-add').click()
    await expect
      .poll(() => panel.getByTestId('dataset-reference').allInnerTexts())
      .toEqual([expect.stringContaining('regions.code')])
  })

  it('joins along the declared and the detected key in the builder', async () => {
    await page.goto(`${server.url}/questions/new?mode=builder`)
    await choose(
      page.locator('input[aria-label="Таблица"]'),
      `${ds.orders!.table.schema}.${ds.orders!.table.name}`,
    )
    await page.getByRole('button', { name: 'Присоединить таблицу' }).click()
    await expect
      .poll(() =>
        page.getByRole('menuitem', { name: /customer_id → customers\.id \(найден автоматически\)/ }).count(),
      )
      .toBe(1)
    await page.getByRole('menuitem', { name: /region_code → regions\.code$/ }).click()
    await page.getByTestId('join-row').waitFor()

    await page.getByTestId('add-metric').click()
    const metric = page.getByTestId('aggregation-row')
    await choose(metric.locator('input[aria-label="Показатель"]'), 'Сумма')
    await choose(metric.locator('input[aria-label="Столбец"]'), 'amount')
    await page.getByTestId('add-breakout').click()
    await choose(page.getByTestId('breakout-row').locator('input[aria-label="Столбец"]'), 'regions.title')
    await run()
    await expect.poll(cells).toHaveLength(2)
    const rows = (await cells()).join(' | ')
    expect(rows).toContain('Москва')
    expect(rows).toContain('17')
    expect(rows).toContain('Казань')
  })

  it('runs a field filter on the server, also as a saved question', async () => {
    await page.goto(`${server.url}/questions/new?mode=sql`)
    await page.locator('.cm-content').click()
    await page.keyboard.type(
      `select count(*) as n, sum(amount) as total from ${ds.orders!.table.schema}.${ds.orders!.table.name} where {{region}}`,
    )
    await page.keyboard.press('Escape')
    await choose(page.getByTestId('variables-panel').getByLabel('Тип'), 'Фильтр по полю')
    await choose(page.getByTestId('variable-field-region'), `${ds.orders!.table.name}.region_code`)
    const values = page.getByTestId('variable-region')
    await values.fill('msk')
    await values.press('Enter')
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/query/run')),
      run(),
    ])
    // The browser sends the field filter as it is; the server expands it and binds the value.
    const sent = JSON.parse(response.request().postData() ?? '{}')
    expect(sent.query.sql).toContain('{{region}}')
    expect(sent.parameters).toEqual({ region: ['msk'] })
    expect(((await response.json()) as { compiled: { params: unknown[] } }).compiled.params).toEqual(['msk'])
    await expect.poll(cells).toEqual([expect.stringMatching(/2\s+17/)])

    await page.getByTestId('save-question').click()
    await page.getByTestId('question-name').fill('Заказы по региону')
    await page.getByTestId('save-question-submit').click()
    await page.waitForURL(/\/questions\/[^/]+$/)
    // The saved question opens afresh: no value yet, so the filter is off.
    await run()
    await expect.poll(cells).toEqual([expect.stringMatching(/3\s+22/)])
    await page.getByTestId('variable-region').fill('msk')
    await page.getByTestId('variable-region').press('Enter')
    const [saved] = await Promise.all([
      page.waitForResponse((r) => /\/api\/questions\/[^/]+\/run$/.test(r.url())),
      run(),
    ])
    expect(saved.status()).toBe(200)
    await expect.poll(cells).toEqual([expect.stringMatching(/2\s+17/)])
  })

  it('builds a question on top of the saved SQL question', async () => {
    await page.goto(`${server.url}/questions/new?mode=builder`)
    await choose(page.locator('input[aria-label="Таблица"]'), 'Заказы по региону (SQL)')
    await page.getByTestId('add-metric').click()
    const metric = page.getByTestId('aggregation-row')
    await choose(metric.locator('input[aria-label="Показатель"]'), 'Сумма')
    await choose(metric.locator('input[aria-label="Столбец"]'), 'total')
    await run()
    // No value for {{region}} here: the field filter is off, so every order counts.
    await expect.poll(cells).toEqual([expect.stringContaining('22')])
  })
})
