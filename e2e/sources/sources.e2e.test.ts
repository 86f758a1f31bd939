import pg from 'pg'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createThrowawayMysql } from '../../packages/server/src/sources/testing'
import { createThrowawayDatabase } from '../../packages/server/src/testing/databases'
import { launchBrowser, snapshot } from '../support/browser'
import { type SessionApi, setupAdmin } from '../support/session-api'
import { type RunningServer, startBuiltVitrina } from '../support/vitrina'

describe('sources: an admin connects PostgreSQL and MariaDB databases and browses their catalogs', () => {
  let server: RunningServer
  let database: { url: string; drop(): Promise<void> }
  let databaseName = ''
  let mariadb: Awaited<ReturnType<typeof createThrowawayMysql>>
  let browser: Browser
  let page: Page
  let api: SessionApi
  const problems: string[] = []

  beforeAll(async () => {
    database = await createThrowawayDatabase('vitrina_e2e_src')
    databaseName = new URL(database.url).pathname.slice(1)
    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    try {
      await client.query(`CREATE TABLE public.orders (
        id integer PRIMARY KEY,
        customer text NOT NULL,
        amount numeric(12, 2),
        created_at timestamptz
      )`)
      await client.query(
        `INSERT INTO public.orders SELECT g, 'Клиент ' || g, g * 10.5, now() FROM generate_series(1, 50) g`,
      )
      await client.query('ANALYZE public.orders')
    } finally {
      await client.end()
    }
    mariadb = await createThrowawayMysql()
    await mariadb.exec(
      'CREATE TABLE products (sku varchar(20) PRIMARY KEY, price decimal(10, 2), added date)',
    )
    server = await startBuiltVitrina()
    browser = await launchBrowser()
    page = await browser.newPage({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 } })
    page.on('pageerror', (e) => problems.push(e.message))
    api = await setupAdmin(page, server.url)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await database?.drop()
    await mariadb?.drop()
  })
  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      await snapshot(page, `sources-failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`)
    })
  })

  const dialog = () => page.getByRole('dialog')
  /** Column name and Vitrina type of each row of a catalog table's column list. */
  const columnTypes = (id: string) =>
    page
      .getByTestId(`catalog-columns-${id}`)
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => Array.from((r as HTMLTableRowElement).cells, (c) => c.textContent).slice(0, 2)),
      )

  it('lists the built-in warehouse under Administration → Sources', async () => {
    await page.goto(`${server.url}/admin`)
    await page.getByRole('tab', { name: 'Источники' }).click()
    await page.waitForURL('**/admin/sources')
    await page.getByTestId('sources-table').getByText('Встроенное хранилище').first().waitFor()
  })

  it('tests the connection: a wrong database name shows the translated error, the right one works', async () => {
    await page.getByRole('button', { name: 'Добавить источник' }).click()
    await dialog().getByLabel('Название').fill('Продажи (PostgreSQL)')
    await dialog().getByLabel('Сервер').fill('127.0.0.1')
    await dialog().getByLabel('База данных').fill(`${databaseName}_missing`)
    await dialog().getByLabel('Пользователь').fill('postgres')
    await dialog().getByRole('button', { name: 'Проверить подключение' }).click()
    const error = dialog().getByTestId('source-error')
    await error.waitFor()
    expect(await error.innerText()).toContain('Такой базы данных на сервере нет')

    await dialog().getByLabel('База данных').fill(databaseName)
    await expect.poll(() => error.count()).toBe(0)
    await dialog().getByRole('button', { name: 'Проверить подключение' }).click()
    const ok = dialog().getByTestId('source-test-ok')
    await ok.waitFor()
    expect(await ok.innerText()).toContain('Подключение работает')
  })

  it('saves the source and opens its page', async () => {
    await dialog().getByRole('button', { name: 'Создать' }).click()
    await page.waitForURL(/\/admin\/sources\/[^/]+$/)
    await page.getByRole('heading', { name: 'Продажи (PostgreSQL)' }).waitFor()
  })

  it('syncs the catalog and shows the table with its columns, types and row estimate', async () => {
    await page.getByRole('button', { name: 'Синхронизировать каталог' }).click()
    const table = page.getByTestId('catalog').getByRole('button', { name: /public\.orders/ })
    await table.waitFor()
    expect(await table.textContent()).toContain('≈ 50 строк')
    await table.click()
    await page.getByTestId('catalog-columns-public.orders').waitFor()
    expect(await columnTypes('public.orders')).toEqual([
      ['id', 'Целое число'],
      ['customer', 'Текст'],
      ['amount', 'Десятичное число'],
      ['created_at', 'Дата и время'],
    ])
    await snapshot(page, 'sources-catalog')
  })

  it('tests the stored connection and changes the settings: row cap and no cache', async () => {
    await page.getByRole('button', { name: 'Проверить подключение' }).click()
    await page.getByTestId('source-test-ok').waitFor()
    await page
      .getByTestId('cache-stats')
      .getByText(/Кэш: попаданий \d+, промахов \d+/)
      .waitFor()
    await page.getByRole('button', { name: 'Очистить кэш' }).click()
    await page.getByText('Кэш источника очищен').waitFor()

    await page.getByRole('button', { name: 'Изменить' }).click()
    await dialog().getByLabel('Не больше строк в ответе').fill('500')
    await dialog().getByText('Без кэша').click()
    await dialog().getByRole('button', { name: 'Сохранить' }).click()
    await dialog().waitFor({ state: 'detached' })
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '')
    const saved = await (await page.request.get(`${server.url}/api/sources/${id}`)).json()
    expect(saved.settings).toMatchObject({ rowCap: 500, cachePolicy: { kind: 'none' } })
    expect(saved.connection).toMatchObject({ kind: 'postgres', database: databaseName })
  })

  it('grants a group SQL access to the source', async () => {
    const group = await api.call<{ id: string }>('POST', '/api/admin/groups', {
      name: 'Аналитики',
      description: '',
    })
    await page.getByRole('tab', { name: 'Доступ' }).click()
    await page.getByLabel('Пользователь или группа').and(page.locator('input')).fill('Аналитики')
    await page.getByRole('option', { name: 'Группа: Аналитики' }).click()
    await page.getByRole('button', { name: 'Добавить', exact: true }).click()
    await page.getByTestId('source-permissions-table').getByText('SQL').click()
    await page.getByRole('button', { name: 'Сохранить' }).click()
    await page.getByText('Доступ сохранён').waitFor()
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '')
    const permissions = await (await page.request.get(`${server.url}/api/sources/${id}/permissions`)).json()
    expect(permissions.permissions).toEqual([
      { principalType: 'group', principalId: group.id, access: 'sql' },
    ])
  })

  it('shows connection errors in English to an English-speaking admin (PostgreSQL, DuckDB file)', async () => {
    const context = await browser.newContext({
      locale: 'en-GB',
      storageState: await page.context().storageState(),
    })
    try {
      const english = await context.newPage()
      await english.goto(`${server.url}/admin/sources`)
      await english.getByRole('button', { name: 'Add a source' }).click()
      const form = english.getByRole('dialog')
      await form.getByLabel('Database').fill(`${databaseName}_missing`)
      await form.getByRole('button', { name: 'Test connection' }).click()
      const error = form.getByTestId('source-error')
      await error.waitFor()
      expect(await error.innerText()).toContain('There is no such database on the server')

      await form.getByText('DuckDB file').click()
      await form.getByLabel('Path of the DuckDB file on the server').fill('/nonexistent/sales.duckdb')
      await form.getByRole('button', { name: 'Test connection' }).click()
      await expect.poll(() => error.textContent()).toContain('The file was not found on the server')
    } finally {
      await context.close()
    }
  })

  it('lists the source with its table count, and deletes it after a confirmation', async () => {
    await page.getByRole('link', { name: 'Все источники' }).click()
    const row = page.getByTestId('sources-table').getByRole('row', { name: /Продажи \(PostgreSQL\)/ })
    await expect.poll(() => row.locator('td').last().innerText()).toBe('1')
    expect(await row.textContent()).toContain('Работает')
    await row.click()
    await page.getByRole('button', { name: 'Удалить' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Удалить' }).click()
    await page.waitForURL('**/admin/sources')
    await expect.poll(() => row.count()).toBe(0)
    expect(problems).toEqual([])
  })

  it('adds a MariaDB source with a password: a wrong one is refused, the right one saves and syncs', async () => {
    await page.getByRole('button', { name: 'Добавить источник' }).click()
    await dialog().getByText('MySQL / MariaDB').click()
    await dialog().getByLabel('Название').fill('Магазин (MariaDB)')
    await dialog().getByLabel('База данных').fill(mariadb.connection.database)
    await dialog().getByLabel('Пользователь').fill(mariadb.connection.user)
    await dialog().getByLabel('Пароль').fill('wrong-password')
    await dialog().getByRole('button', { name: 'Проверить подключение' }).click()
    const error = dialog().getByTestId('source-error')
    await expect.poll(() => error.textContent()).toContain('Неверный пользователь или пароль')

    await dialog().getByLabel('Пароль').fill(mariadb.connection.password)
    await dialog().getByRole('button', { name: 'Проверить подключение' }).click()
    await dialog().getByTestId('source-test-ok').waitFor()
    await dialog().getByRole('button', { name: 'Создать' }).click()
    await page.getByRole('heading', { name: 'Магазин (MariaDB)' }).waitFor()
    await page.getByRole('button', { name: 'Синхронизировать каталог' }).click()
    const table = page.getByTestId('catalog').getByRole('button', { name: /products/ })
    await table.click()
    const id = `${mariadb.connection.database}.products`
    await page.getByTestId(`catalog-columns-${id}`).waitFor()
    expect(await columnTypes(id)).toEqual([
      ['sku', 'Текст'],
      ['price', 'Десятичное число'],
      ['added', 'Дата'],
    ])
    // The stored password is used when the connection is tested again from the source page.
    await page.getByRole('button', { name: 'Проверить подключение' }).click()
    await page.getByTestId('source-test-ok').waitFor()
  })
})
