import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { writeWithSheetJs } from '../../packages/ingest/src/testing/ole'
import { launchBrowser, snapshot } from '../support/browser'
import { type RunningServer, startBuiltVitrina } from '../support/vitrina'
import { BAD_ROWS, FIRST_ROWS, HEADERS, SECOND_ROWS, writeReport } from './report-files'

const ADMIN = { name: 'Анна Админова', email: 'anna@example.com', password: 'admin-password-42' }
const VIEWER = { name: 'Виктор Читатель', email: 'viktor@example.com', password: 'viewer-password-42' }

describe('data: upload a Russian report, refuse a bad one, roll back a batch', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  let dir: string
  const files = { first: '', second: '', bad: '' }
  let revenueColumn = ''

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrina-e2e-data-'))
    files.first = await writeReport(dir, 'продажи-декабрь.xlsx', FIRST_ROWS)
    files.second = await writeReport(dir, 'продажи-январь.xlsx', SECOND_ROWS)
    files.bad = await writeReport(dir, 'продажи-с-ошибками.xlsx', BAD_ROWS)
    server = await startBuiltVitrina()
    browser = await launchBrowser()
    page = await browser.newPage({ locale: 'ru-RU', acceptDownloads: true })
    // The first admin, created the way the setup page does it; the session cookie lands in this browser.
    await page.goto(server.url)
    const status = await page.evaluate(async (admin) => {
      const res = await fetch('/api/setup', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(admin),
      })
      return res.status
    }, ADMIN)
    expect(status).toBeLessThan(300)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      await snapshot(page, `data-failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`)
    })
  })

  const grid = () => page.getByTestId('rows-grid')
  const rowsTotal = () => page.getByTestId('rows-total')

  async function openTab(name: string) {
    await page.getByRole('tab', { name }).click()
  }

  /** Upload tab: send the file, pick the data sheet, import. */
  async function uploadIntoDataset(file: string, opts: { quarantine?: boolean; replace?: boolean } = {}) {
    await openTab('Загрузка')
    if (opts.quarantine) await page.getByLabel('Загрузить корректные строки, остальные — в карантин').check()
    if (opts.replace) await page.getByText('Заменить всё', { exact: true }).click()
    await page.getByLabel('Файл для загрузки').setInputFiles(file)
    await page.getByLabel('Лист').selectOption('Продажи')
    const submit = page.getByRole('button', { name: 'Загрузить', exact: true })
    await expect.poll(() => submit.isEnabled()).toBe(true)
    await submit.click()
    if (opts.replace) {
      const confirm = page.getByRole('dialog')
      await expect(confirm.textContent()).resolves.toContain('Все строки набора (3) будут заменены')
      await confirm.getByRole('button', { name: 'Загрузить' }).click()
    }
  }

  it('creates a dataset from the report after the user fixes a column type in the preview', async () => {
    await page.goto(`${server.url}/data`)
    await page.getByText('Наборов данных пока нет').waitFor()
    await page.getByRole('button', { name: 'Загрузить файл' }).click()
    await page.waitForURL('**/data/new')
    await page.getByLabel('Файл для загрузки').setInputFiles(files.first)

    // Two sheets: the reference sheet comes first, the user picks the data.
    const sheet = page.getByLabel('Лист')
    await sheet.waitFor()
    await sheet.selectOption('Продажи')
    const codeType = page.getByLabel('Тип: Код склада')
    await expect.poll(() => codeType.inputValue()).toBe('integer')
    await expect(page.getByLabel('Тип: Дата').inputValue()).resolves.toBe('date')
    await expect(page.getByLabel('Тип: Выручка, ₽').inputValue()).resolves.toBe('decimal')
    revenueColumn = await page.getByLabel('Имя в SQL: Выручка, ₽').inputValue()
    expect(revenueColumn).toMatch(/^[a-z_][a-z0-9_]*$/)
    await expect(page.getByTestId('layout-notes').textContent()).resolves.toMatch(/итоговая/)
    // Warehouse codes are identifiers, not quantities.
    await codeType.selectOption('text')
    await page.getByLabel('Название набора').fill('Продажи по регионам')
    await snapshot(page, 'data-preview')

    await page.getByRole('button', { name: 'Создать и загрузить' }).click()
    await page.waitForURL(/\/data\/[^/]+\/rows$/)
    await expect.poll(async () => grid().getByTestId('grid-row').count()).toBe(3)
    const text = (await grid().textContent()) ?? ''
    expect(text).toContain('Москва')
    expect(text).toContain('1050') // text, not the number 1 050
    expect(text).toMatch(/1\s234,56/)
    expect(text).toContain('31.12.2025')
    expect(text).not.toContain('Итого')
    await expect(rowsTotal().textContent()).resolves.toBe('Всего строк: 3')
    await snapshot(page, 'data-grid')
  })

  it('refuses a file with two bad cells: the errors show, the marked copy downloads, nothing changes', async () => {
    await uploadIntoDataset(files.bad)
    const report = page.getByTestId('validation-report')
    await report.waitFor()
    await expect(report.getByRole('alert').textContent()).resolves.toContain('ошибок — 2')
    const errors = page.getByTestId('cell-errors').locator('tbody tr')
    await expect.poll(() => errors.count()).toBe(2)
    const errorText = (await page.getByTestId('cell-errors').textContent()) ?? ''
    expect(errorText).toContain('32.13.2025')
    expect(errorText).toContain('много')
    expect(errorText).toContain('Не дата')
    expect(errorText).toContain('Не число')
    await snapshot(page, 'data-validation-report')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Скачать файл с отмеченными ошибками' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
    const saved = path.join(dir, 'report.xlsx')
    await download.saveAs(saved)
    const marked = new ExcelJS.Workbook()
    await marked.xlsx.readFile(saved)
    const cells: string[] = []
    for (const ws of marked.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.note) cells.push(String(cell.value))
        }),
      )
    }
    expect(cells.sort()).toEqual(['32.13.2025', 'много'])

    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Скачать шаблон' }).click(),
    ])
    const blank = new ExcelJS.Workbook()
    await blank.xlsx.readFile((await template.path()) ?? '')
    const headers = blank.worksheets[0]?.getRow(1).values as unknown[]
    expect(headers.filter(Boolean)).toEqual(HEADERS)

    await openTab('Строки')
    await expect.poll(() => rowsTotal().textContent()).toBe('Всего строк: 3')
    await expect(grid().textContent()).resolves.not.toContain('Сочи')
  })

  it('replaces everything with a second report, then rolls that batch back and the first rows return', async () => {
    await uploadIntoDataset(files.second, { replace: true })
    await expect(page.getByTestId('import-success').textContent()).resolves.toContain('Загружено 2 строки')
    await openTab('Строки')
    await expect.poll(() => rowsTotal().textContent()).toBe('Всего строк: 2')
    await expect(grid().textContent()).resolves.toContain('Самара')
    await expect(grid().textContent()).resolves.not.toContain('Москва')

    await openTab('История')
    const batches = page.getByTestId('batches-table')
    await batches.waitFor()
    await expect(batches.textContent()).resolves.toContain('продажи-декабрь.xlsx')
    // The first batch's rows were replaced: it waits for the later one to be rolled back first.
    await page.getByRole('button', { name: 'Откатить: продажи-декабрь.xlsx' }).click()
    const blocked = page.getByTestId('rollback-confirm')
    await expect(blocked.textContent()).resolves.toContain('Откатить нельзя: загрузка «продажи-январь.xlsx»')
    await expect(
      page.getByRole('dialog').getByRole('button', { name: 'Откатить' }).isDisabled(),
    ).resolves.toBe(true)
    await page.getByRole('dialog').getByRole('button', { name: 'Отмена' }).click()
    await page.getByRole('dialog').waitFor({ state: 'detached' })

    await page.getByRole('button', { name: 'Откатить: продажи-январь.xlsx' }).click()
    const confirm = page.getByTestId('rollback-confirm')
    await expect(confirm.textContent()).resolves.toContain('Строки этой загрузки (2) будут удалены')
    await expect(confirm.textContent()).resolves.toContain(
      'Строки, которые она заменила или удалила (3), вернутся',
    )
    await snapshot(page, 'data-rollback-confirm')
    await page.getByRole('dialog').getByRole('button', { name: 'Откатить' }).click()
    await batches.getByText('Откачено').waitFor()
    await expect(batches.textContent()).resolves.toContain('Восстановлено строк: 3')
    await snapshot(page, 'data-history')

    await openTab('Строки')
    await expect.poll(() => rowsTotal().textContent()).toBe('Всего строк: 3')
    const text = (await grid().textContent()) ?? ''
    expect(text).not.toContain('Самара')
    expect(text).not.toContain('Томск')
    expect(text).toContain('Москва')
    expect(text).toMatch(/1\s234,56/)
  })

  it('edits a cell inline: a bad value is refused with a clear reason, Enter saves, Esc cancels', async () => {
    const cell = grid().getByText('Пермь')
    await cell.dblclick()
    const input = grid().getByRole('textbox', { name: 'Регион' })
    await input.fill('Пермь-Великая')
    await input.press('Enter')
    await grid().getByText('Пермь-Великая').waitFor()

    const revenue = grid()
      .getByTestId('grid-row')
      .filter({ hasText: 'Пермь-Великая' })
      .locator(`[data-column="${revenueColumn}"]`)
    await revenue.dblclick()
    const editor = grid().getByRole('textbox', { name: 'Выручка, ₽' })
    await editor.fill('пятьсот')
    await editor.press('Enter')
    // The server names the reason; the cell stays open with the value for the user to fix.
    await grid().getByText('Неверное значение: Не число').waitFor()
    await editor.press('Escape')
    await expect.poll(() => grid().getByRole('textbox').count()).toBe(0)
    await expect(revenue.textContent()).resolves.toMatch(/^500(,00)?$/)

    // The change log shows the edit: who, and the value before and after.
    await openTab('Изменения')
    const change = page.getByTestId('change-row').first()
    await change.waitFor()
    await expect(change.textContent()).resolves.toContain('Строка изменена')
    await expect(change.textContent()).resolves.toContain(ADMIN.email)
    const diff = change.getByTestId('change-diff')
    await expect(diff.locator('tr').count()).resolves.toBe(1)
    await expect(diff.getByLabel('Было').textContent()).resolves.toBe('Пермь')
    await expect(diff.getByLabel('Стало').textContent()).resolves.toBe('Пермь-Великая')
    await expect(diff.textContent()).resolves.toContain('Регион')
    // Older entries: the rollback with its counts.
    await expect(page.getByTestId('changes-table').textContent()).resolves.toContain(
      '«продажи-январь.xlsx»: удалено строк 2, восстановлено 3',
    )
    await snapshot(page, 'data-changes')
    await openTab('Строки')
  })

  it('asks before loading the same file twice, and a cancel changes nothing', async () => {
    await uploadIntoDataset(files.first)
    const dialog = page.getByRole('dialog')
    await dialog.getByText('Этот файл уже загружали').waitFor()
    await dialog.getByRole('button', { name: 'Отмена' }).click()
    await dialog.waitFor({ state: 'detached' })
    await openTab('Строки')
    await expect.poll(() => rowsTotal().textContent()).toBe('Всего строк: 3')
  })

  it('loads the valid rows of a bad file and keeps the two bad ones in quarantine', async () => {
    await uploadIntoDataset(files.bad, { quarantine: true })
    // The same file was refused before: the user is asked whether to load it again.
    const again = page.getByRole('dialog').getByRole('button', { name: 'Загрузить ещё раз' })
    const success = page.getByTestId('import-success')
    await again.or(success).first().waitFor()
    if (await again.isVisible()) await again.click()
    await expect(success.textContent()).resolves.toMatch(/Загружена 1 строка.*В карантин: 2/)
    await openTab('Карантин')
    const table = page.getByTestId('quarantine-table')
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2)
    const text = (await table.textContent()) ?? ''
    expect(text).toContain('много')
    expect(text).toContain('32.13.2025')
    await openTab('Строки')
    await expect.poll(() => rowsTotal().textContent()).toBe('Всего строк: 4')
    await expect(grid().textContent()).resolves.toContain('Омск')
  })

  it('sorts, filters and exports what the grid shows', async () => {
    await grid().getByRole('button', { name: 'Выручка, ₽', exact: true }).click()
    await expect.poll(() => grid().getByTestId('grid-row').first().textContent()).toContain('Пермь-Великая')
    await grid().getByRole('button', { name: 'Фильтр: Регион' }).click()
    await page.getByLabel('содержит').fill('моск')
    await page.getByLabel('содержит').press('Enter')
    await page.getByRole('dialog', { name: 'Фильтр: Регион' }).waitFor({ state: 'detached', timeout: 5000 })
    await expect.poll(() => grid().getByTestId('grid-row').count()).toBe(1)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV', exact: true }).click(),
    ])
    const csv = fs.readFileSync((await download.path()) ?? '', 'utf8')
    expect(csv).toContain('Москва')
    expect(csv).not.toContain('Казань')
    await page.getByRole('button', { name: 'Сбросить фильтры' }).click()
    await expect.poll(() => grid().getByTestId('grid-row').count()).toBe(4)
  })

  it('lets the admin grant a viewer read access: the viewer sees the rows and nothing to change them with', async () => {
    const created = await page.evaluate(async (viewer) => {
      const me = await (await fetch('/api/auth/me')).json()
      const res = await fetch('/api/admin/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ ...viewer, role: 'viewer' }),
      })
      return res.status
    }, VIEWER)
    expect(created).toBe(201)

    await openTab('Права')
    // The Select's label names both its input and its option list.
    await page.getByLabel('Кому выдать права').and(page.locator('input')).fill('Виктор')
    await page.getByRole('option', { name: /Виктор Читатель/ }).click()
    await page.getByRole('button', { name: 'Добавить', exact: true }).click()
    await page.getByTestId('permissions-table').getByText('Виктор Читатель').waitFor()
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click()
    await page.getByText('Права сохранены').waitFor()
    const datasetUrl = page.url().replace(/\/permissions$/, '')

    const viewerContext = await browser.newContext({ locale: 'ru-RU' })
    const viewerPage = await viewerContext.newPage()
    try {
      await viewerPage.goto(`${server.url}/login`)
      await viewerPage.getByLabel('Эл. почта').fill(VIEWER.email)
      await viewerPage.getByLabel(/^Пароль/).fill(VIEWER.password)
      await viewerPage.getByRole('button', { name: 'Войти' }).click()
      await viewerPage.waitForURL('**/dashboards')
      await viewerPage.goto(`${server.url}/data`)
      await viewerPage.getByRole('link', { name: 'Продажи по регионам' }).click()
      await viewerPage.getByTestId('rows-grid').getByText('Москва').waitFor()
      await expect(viewerPage.getByRole('tab').allTextContents()).resolves.toEqual([
        'Строки',
        'История',
        'Изменения',
        'Карантин',
        'Схема',
      ])
      await expect(viewerPage.getByRole('button', { name: 'Добавить строку' }).count()).resolves.toBe(0)
      await expect(viewerPage.getByRole('checkbox').count()).resolves.toBe(0)
      await viewerPage.goto(`${datasetUrl}/upload`)
      await viewerPage.getByTestId('rows-grid').waitFor()
      expect(viewerPage.url()).toMatch(/\/upload$/)
      await expect(viewerPage.getByLabel('Файл для загрузки').count()).resolves.toBe(0)
    } finally {
      await viewerContext.close()
    }
  })

  it('creates an empty dataset by hand, adds a row in the grid and deletes it', async () => {
    await page.goto(`${server.url}/data`)
    await page.getByRole('button', { name: 'Пустой набор' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Название набора').fill('Планы продаж')
    // Each field is labelled by its column's header, which the user is typing.
    await dialog.getByLabel('Заголовок: column_1').fill('Регион')
    await dialog.getByLabel('Имя в SQL: Регион').fill('region')
    await dialog.getByRole('button', { name: 'Добавить столбец' }).click()
    await dialog.getByLabel('Заголовок: column_2').fill('План')
    await dialog.getByLabel('Имя в SQL: План').fill('plan')
    await dialog.getByLabel('Тип: План').selectOption('decimal')
    await dialog.getByRole('button', { name: 'Создать', exact: true }).click()
    await page.waitForURL(/\/data\/[^/]+\/schema$/)
    await expect(page.getByTestId('schema-table').textContent()).resolves.toMatch(/region.*plan/)

    await openTab('Строки')
    await page.getByText('Строк нет').waitFor()
    await page.getByRole('button', { name: 'Добавить строку' }).click()
    const form = page.getByRole('dialog')
    await form.getByLabel('Регион').fill('Москва')
    await form.getByLabel('План').fill('1 500,5')
    await form.getByRole('button', { name: 'Создать', exact: true }).click()
    await form.waitFor({ state: 'detached' })
    await expect.poll(() => grid().getByTestId('grid-row').count()).toBe(1)
    await expect(grid().textContent()).resolves.toMatch(/Москва.*1\s500,5/)

    await grid().getByRole('button', { name: 'Удалить строку' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Удалить' }).click()
    await page.getByText('Строк нет').waitFor()

    await page.getByRole('button', { name: 'Изменить', exact: true }).click()
    const edit = page.getByRole('dialog')
    await edit.getByLabel('Название набора').fill('Планы продаж на 2026 год')
    await edit.getByRole('button', { name: 'Сохранить' }).click()
    await page.getByRole('heading', { name: 'Планы продаж на 2026 год' }).waitFor()
  })

  it('adds a column, then deletes the dataset after a warning naming the saved question that reads it', async () => {
    await openTab('Схема')
    await page.getByRole('button', { name: 'Добавить столбец' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Заголовок').fill('Менеджер')
    await dialog.getByRole('button', { name: 'Добавить столбец' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => page.getByTestId('schema-table').textContent()).toContain('menedzher')

    const datasetId = page.url().split('/data/')[1]?.split('/')[0] ?? ''
    const made = await page.evaluate(async (id) => {
      const me = await (await fetch('/api/auth/me')).json()
      const headers = { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }
      const ds = await (await fetch(`/api/datasets/${id}`)).json()
      const collection = await (
        await fetch('/api/collections', { method: 'POST', headers, body: JSON.stringify({ name: 'Планы' }) })
      ).json()
      const res = await fetch('/api/questions', {
        method: 'POST',
        headers,
        body: JSON.stringify({
          name: 'План по регионам',
          collectionId: collection.id,
          sourceId: 'warehouse',
          query: { kind: 'native', sql: `SELECT region, plan FROM datasets.${ds.table.name}`, variables: [] },
        }),
      })
      return res.status
    }, datasetId)
    expect(made).toBe(201)

    await page.getByRole('button', { name: 'Удалить набор' }).click()
    await expect(page.getByTestId('dataset-delete-confirm').textContent()).resolves.toContain(
      'Удалить набор «Планы продаж на 2026 год»?',
    )
    await page.getByRole('dialog').getByRole('button', { name: 'Удалить', exact: true }).click()
    const inUse = page.getByTestId('dataset-in-use')
    await expect(inUse.textContent()).resolves.toContain('План по регионам')
    await snapshot(page, 'data-delete-in-use')
    await page.getByRole('button', { name: 'Удалить всё равно' }).click()
    await page.waitForURL(/\/data$/)
    await page.getByRole('link', { name: 'Продажи по регионам' }).waitFor()
    await expect(page.getByRole('link', { name: 'Планы продаж на 2026 год' }).count()).resolves.toBe(0)
  })

  it('previews an old .xls: the built server parses it in its SheetJS worker thread', async () => {
    const xls = path.join(dir, 'старый-отчёт.xls')
    fs.writeFileSync(
      xls,
      writeWithSheetJs(
        [
          {
            name: 'Лист1',
            rows: [
              ['Регион', 'Сумма'],
              ['Тверь', 12.5],
              ['Курск', 7],
            ],
          },
        ],
        'xls',
      ),
    )
    await page.goto(`${server.url}/data/new`)
    await page.getByLabel('Файл для загрузки').setInputFiles(xls)
    await expect.poll(() => page.getByLabel('Тип: Сумма').inputValue()).toBe('decimal')
    await expect(page.getByText('Тверь').count()).resolves.toBeGreaterThan(0)
  })

  it('says clearly why a file cannot be read, and offers to try another', async () => {
    const empty = path.join(dir, 'пустой.xlsx')
    fs.writeFileSync(empty, '')
    await page.goto(`${server.url}/data/new`)
    await page.getByLabel('Файл для загрузки').setInputFiles(empty)
    await expect(page.getByTestId('error-alert').textContent()).resolves.toContain('Файл пуст')
    await page.getByTestId('file-drop-zone').waitFor()
  })
})
