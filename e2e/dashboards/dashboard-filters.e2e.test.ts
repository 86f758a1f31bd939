import fs from 'node:fs'
import type { ApiDataset, ApiQuestion } from '@vitrina/contracts'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchBrowser, snapshot } from '../support/browser'
import { type SessionApi, setupAdmin } from '../support/session-api'
import { type RunningServer, startBuiltVitrina } from '../support/vitrina'

// Sorted by region the bars are Казань (650), Москва (1 500), Самара (250): the tall one in the middle.
const CSV = [
  'day,region,amount',
  '2025-01-10,Москва,500',
  '2025-01-20,Казань,300',
  '2025-02-05,Москва,400',
  '2025-02-15,Самара,250',
  '2025-03-03,Казань,350',
  '2025-03-20,Москва,600',
].join('\n')
const TITLE = 'Выручка по регионам'

describe('dashboards: a builder chart, a period filter, cross-filtering and exports, as a user does it', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  let api: SessionApi
  let dataset: ApiDataset
  let questionId = ''
  const problems: string[] = []

  /** Mantine Select: open it, then pick the option by its text. */
  async function pick(scope: Page | Locator, label: string, option: string | RegExp) {
    await scope.locator(`input[aria-label="${label}"]`).click()
    await page.getByRole('option', { name: option }).first().click()
  }

  const card = () => page.getByTestId('dashboard-question-card').filter({ hasText: TITLE })
  const rows = (n: number) =>
    card()
      .and(page.locator(`[data-rows="${n}"]`))
      .waitFor()
  /** Clicks the middle bar of the card's chart, just above the axis labels. */
  async function clickMiddleBar() {
    await card().locator('[data-rendered="true"]').waitFor()
    const box = (await card().locator('canvas').first().boundingBox())!
    await page.mouse.click(box.x + 40 + (box.width - 56) / 2, box.y + box.height - 45)
    await page.getByTestId('chart-click-menu').waitFor()
  }
  async function download(trigger: () => Promise<void>) {
    const [file] = await Promise.all([page.waitForEvent('download'), trigger()])
    return { name: file.suggestedFilename(), bytes: fs.readFileSync((await file.path()) as string) }
  }

  beforeAll(async () => {
    server = await startBuiltVitrina()
    browser = await launchBrowser()
    page = await browser.newPage({
      locale: 'ru-RU',
      acceptDownloads: true,
      viewport: { width: 1400, height: 1000 },
    })
    page.on('pageerror', (e) => problems.push(e.message))
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
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
    await api.importCsv(dataset.id, 'продажи.csv', CSV)
    // The worker synced the warehouse catalog at start, before this dataset existed.
    await api.call('POST', '/api/sources/warehouse/sync')
    await api.call('POST', '/api/collections', { name: 'Отдел продаж' })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })
  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      await snapshot(page, `dashboard-filters-failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`)
    })
  })

  it('builds a question in the builder, draws it as bars with a currency format, and saves it', async () => {
    await page.goto(`${server.url}/questions`)
    await page.getByTestId('new-question').click()
    await page.getByTestId('new-builder-question').click()
    await pick(page, 'Таблица', `${dataset.table.schema}.${dataset.table.name}`)
    await page.getByTestId('add-metric').click()
    await pick(page.getByTestId('aggregation-row'), 'Показатель', 'Сумма')
    await pick(page.getByTestId('aggregation-row'), 'Столбец', 'amount')
    await page.getByTestId('add-breakout').click()
    await pick(page.getByTestId('breakout-row'), 'Столбец', 'region')
    await page.getByRole('button', { name: 'Добавить сортировку' }).click()
    await page.getByTestId('run-button').click()
    await page.getByTestId('run-summary').waitFor()

    await page.getByTestId('result-tab-chart').click()
    await page.getByTestId('chart-type-bar').click()
    const settings = page.getByTestId('viz-settings')
    await settings.getByRole('tab', { name: 'Форматы' }).click()
    await settings.getByLabel('Формат числа').click()
    await page.getByRole('option', { name: 'Валюта' }).click()
    await page.getByTestId('question-chart').locator('[data-rendered="true"]').waitFor()

    await page.getByTestId('save-question').click()
    await page.getByTestId('question-name').fill(TITLE)
    await page.getByTestId('save-question-submit').click()
    await page.waitForURL((u) => /^\/questions\/[^/]+$/.test(u.pathname) && u.pathname !== '/questions/new')
    questionId = new URL(page.url()).pathname.split('/').pop()!
    const saved = await api.call<ApiQuestion>('GET', `/api/questions/${questionId}`)
    expect(saved.visualization).toMatchObject({
      type: 'bar',
      dimension: 'region',
      columns: { sum_amount: { number: { style: 'currency', currency: 'RUB' } } },
    })
  })

  it('adds it to a new dashboard with a period filter wired to it automatically', async () => {
    await page.goto(`${server.url}/dashboards`)
    await page.getByRole('button', { name: 'Новый дашборд' }).click()
    await page.getByRole('dialog').getByLabel('Название').fill('Продажи по регионам')
    await page.getByRole('dialog').getByRole('button', { name: 'Создать' }).click()
    await page.waitForURL(/\/dashboards\/[^/]+$/)
    await page.getByRole('button', { name: 'Изменить' }).click()

    await page.getByRole('button', { name: 'Добавить', exact: true }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Сохранённый вопрос').click()
    await page.getByRole('option', { name: TITLE }).click()
    await dialog.getByRole('button', { name: 'Добавить', exact: true }).click()
    await dialog.waitFor({ state: 'hidden' })

    await page.getByRole('button', { name: 'Фильтр' }).click()
    await dialog.getByLabel('Поле', { exact: true }).click()
    await page.getByRole('option', { name: `${dataset.table.name}.day` }).click()
    await dialog.getByLabel('Название фильтра').fill('Период')
    // A date column suggests a period.
    await expect(dialog.getByLabel('Тип', { exact: true }).inputValue()).resolves.toBe('Период')
    await dialog.getByText(`Подключится к карточкам: 1: ${TITLE}`).waitFor()
    await dialog.getByRole('button', { name: 'Добавить', exact: true }).click()
    await page.getByRole('button', { name: 'Сохранить' }).click()
    await page.getByRole('button', { name: 'Изменить' }).waitFor()

    const id = page.url().split('/').pop()!
    const dashboard = await api.call<{ filters: { type: string; targets: unknown[] }[] }>(
      'GET',
      `/api/dashboards/${id}`,
    )
    expect(dashboard.filters).toEqual([
      expect.objectContaining({
        type: 'date-range',
        targets: [expect.objectContaining({ field: { table: null, column: 'day' } })],
      }),
    ])
    await rows(3)
  })

  it('changes the period, and the card updates', async () => {
    await pick(page.getByTestId('dashboard-filters'), 'Период', 'Свои даты…')
    await page.locator('input[aria-label="Период: от"]').fill('2025-02-01')
    await page.locator('input[aria-label="Период: до"]').fill('2025-02-28')
    await rows(2)
    await page
      .getByTestId('active-filter-chip')
      .filter({ hasText: 'Период: 01.02.2025 – 28.02.2025' })
      .waitFor()
    await pick(page.getByTestId('dashboard-filters'), 'Период', 'За всё время')
    await rows(3)
  })

  it('clicks a bar: the dashboard cross-filters, the rows behind it open, and the chip resets it', async () => {
    await clickMiddleBar()
    await page.getByRole('menuitem', { name: 'Отфильтровать дашборд по «Москва»' }).click()
    await rows(1)
    await page.getByTestId('active-filter-chip').filter({ hasText: 'region: Москва' }).waitFor()

    await clickMiddleBar()
    await page.getByRole('menuitem', { name: 'Показать строки' }).click()
    const drawer = page.getByTestId('rows-drawer')
    await expect(drawer.getByTestId('rows-count').innerText()).resolves.toBe('Строк: 3')
    await drawer.getByRole('link', { name: 'Открыть в редакторе вопросов' }).waitFor()
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
  })

  it('exports the card as CSV with the dashboard filters applied', async () => {
    const csv = await download(async () => {
      await card()
        .getByRole('button', { name: `Скачать: ${TITLE}` })
        .click()
      await page.getByRole('menuitem', { name: 'Данные CSV' }).click()
    })
    expect(csv.name).toBe(`${TITLE}.csv`)
    const lines = csv.bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
    expect(lines[0]).toBe('region,sum_amount')
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['Москва'])

    await page.getByRole('button', { name: 'Сбросить: region' }).click()
    await rows(3)
  })

  it('exports a card and the dashboard as pictures, and leaves a non-empty screenshot', async () => {
    const png = await download(async () => {
      await card()
        .getByRole('button', { name: `Скачать: ${TITLE}` })
        .click()
      await page.getByRole('menuitem', { name: 'Картинка PNG' }).click()
    })
    expect(png.name).toBe(`${TITLE}.png`)
    expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
    expect(png.bytes.length).toBeGreaterThan(5_000)

    const pdf = await download(async () => {
      await page.getByRole('button', { name: 'Скачать дашборд' }).click()
      await page.getByRole('menuitem', { name: 'Документ PDF' }).click()
    })
    expect(pdf.name).toBe('Продажи по регионам.pdf')
    expect(pdf.bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4')
    expect(pdf.bytes.length).toBeGreaterThan(10_000)

    const file = await snapshot(page, 'dashboard-filters')
    expect(fs.statSync(file).size).toBeGreaterThan(20_000)
    expect(problems).toEqual([])
  })
})
