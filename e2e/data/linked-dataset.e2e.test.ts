import pg from 'pg'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createThrowawayDatabase } from '../../packages/server/src/testing/databases'
import { launchBrowser, snapshot } from '../support/browser'
import { setupAdmin } from '../support/session-api'
import { type RunningServer, startBuiltVitrina } from '../support/vitrina'

describe('data: a view of a PostgreSQL source as a read-only dataset', () => {
  let server: RunningServer
  let database: { url: string; drop(): Promise<void> }
  let browser: Browser
  let page: Page
  const problems: string[] = []

  beforeAll(async () => {
    database = await createThrowawayDatabase('vitrina_e2e_linked')
    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    try {
      await client.query(`CREATE SCHEMA vault;
        CREATE TABLE vault.accounts (branch_code text, currency_code text, balance numeric(14, 2));
        INSERT INTO vault.accounts VALUES ('MSK', 'RUB', 1500.50), ('MSK', 'RUB', 99.50), ('KZN', 'USD', 10);
        CREATE VIEW vault.mart_balances AS SELECT branch_code, currency_code, count(*) AS accounts,
          sum(balance) AS balance FROM vault.accounts GROUP BY 1, 2`)
    } finally {
      await client.end()
    }
    server = await startBuiltVitrina()
    browser = await launchBrowser()
    page = await browser.newPage({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 } })
    page.on('pageerror', (e) => problems.push(e.message))
    const api = await setupAdmin(page, server.url)
    const url = new URL(database.url)
    await api.call('POST', '/api/sources', {
      name: 'Банк (Data Vault)',
      connection: {
        kind: 'postgres',
        host: url.hostname,
        port: Number(url.port || 5432),
        database: url.pathname.slice(1),
        user: decodeURIComponent(url.username) || 'postgres',
        ssl: false,
        replicas: [],
      },
    })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await database?.drop()
  })
  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      await snapshot(page, `linked-failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`)
    })
  })

  it('an admin links the view; the Data section shows it with its source and reads its rows', async () => {
    await page.goto(`${server.url}/data`)
    await page.getByRole('button', { name: 'Связать с таблицей источника' }).click()
    const dialog = page.getByRole('dialog')
    // A Select's label names both its input and its option list.
    await dialog.getByLabel('Источник').and(page.locator('input')).click()
    await page.getByRole('option', { name: 'Банк (Data Vault)' }).click()
    await dialog.getByLabel('Таблица или представление').and(page.locator('input')).fill('mart')
    await page.getByRole('option', { name: 'vault.mart_balances' }).click()
    await dialog.getByLabel('Название набора').fill('Остатки по счетам')
    await dialog.getByRole('button', { name: 'Связать' }).click()
    await page.waitForURL(/\/data\/[^/]+\/rows$/)

    const badge = page.getByTestId('dataset-link')
    await badge.waitFor()
    await expect(badge.textContent()).resolves.toBe('Из источника «Банк (Data Vault)»: vault.mart_balances')
    const grid = page.getByTestId('rows-grid')
    await expect.poll(() => grid.getByTestId('grid-row').count()).toBe(2)
    await expect(grid.textContent()).resolves.toMatch(/MSK.*RUB.*2.*1\s600/)
    // Read-only here: no row editing, adding or selecting, no upload, history or quarantine.
    await expect(page.getByRole('button', { name: 'Добавить строку' }).count()).resolves.toBe(0)
    await expect(grid.getByRole('checkbox').count()).resolves.toBe(0)
    await grid.getByText('MSK').dblclick()
    await expect(grid.getByRole('textbox').count()).resolves.toBe(0)
    await expect(page.getByRole('tab').allTextContents()).resolves.toEqual([
      'Строки',
      'Изменения',
      'Права',
      'Схема',
    ])
    await snapshot(page, 'data-linked-rows')

    await page.goto(`${server.url}/data`)
    const row = page.getByTestId('datasets-table').getByRole('row', { name: /Остатки по счетам/ })
    await expect(row.getByTestId('dataset-source').textContent()).resolves.toBe('Банк (Data Vault)')
    await expect(row.textContent()).resolves.toContain('Читается из источника')
    expect(problems).toEqual([])
  })
})
