import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, snapshot } from '../support/browser'
import { type SessionApi, setupAdmin } from '../support/session-api'
import { type RunningServer, startBuiltVitrina } from '../support/vitrina'

const SALES_SQL = `select * from (values ('Москва', 1200000), ('Казань', 650000), ('Самара', 300000)) as t(region, revenue)`

describe('dashboards: build a grid of cards, each loading on its own', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  let api: SessionApi
  const problems: string[] = []

  const apiPost = <T>(url: string, data: unknown) => api.call<T>('POST', url, data)

  beforeAll(async () => {
    server = await startBuiltVitrina()
    browser = await launchBrowser()
    page = await browser.newPage({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 } })
    page.on('pageerror', (e) => problems.push(e.message))
    api = await setupAdmin(page, server.url)
    const collection = await apiPost<{ id: string }>('/api/collections', { name: 'Продажи' })
    const question = (name: string, sql: string, visualization: unknown) =>
      apiPost('/api/questions', {
        name,
        collectionId: collection.id,
        sourceId: 'warehouse',
        query: { kind: 'native', sql, variables: [] },
        visualization,
      })
    await question('Выручка по регионам', SALES_SQL, {
      type: 'bar',
      dimension: 'region',
      metrics: ['revenue'],
    })
    await question('Сломанный отчёт', 'select * from no_such_table', null)
    await apiPost('/api/questions', {
      name: 'Выручка региона',
      collectionId: collection.id,
      sourceId: 'warehouse',
      query: {
        kind: 'native',
        sql: `${SALES_SQL} where 1 = 1 [[ and region = {{region}} ]]`,
        variables: [{ name: 'region', type: 'text', default: null, field: null }],
      },
      visualization: { type: 'bar', dimension: 'region', metrics: ['revenue'] },
    })
    // The same rows behind a variable of another name: the filter reaches it only when wired by hand.
    await apiPost('/api/questions', {
      name: 'Выручка города',
      collectionId: collection.id,
      sourceId: 'warehouse',
      query: {
        kind: 'native',
        sql: `${SALES_SQL} where 1 = 1 [[ and region = {{city}} ]]`,
        variables: [{ name: 'city', type: 'text', default: null, field: null }],
      },
      visualization: { type: 'table' },
    })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  async function addQuestionCard(name: string) {
    await page.getByRole('button', { name: 'Добавить', exact: true }).first().click()
    const dialog = page.getByRole('dialog')
    await dialog
      .locator('label')
      .filter({ hasText: /^Вопрос$/ })
      .click()
    await dialog.getByLabel('Сохранённый вопрос').click()
    await page.getByRole('option', { name }).click()
    await dialog.getByRole('button', { name: 'Добавить', exact: true }).click()
    await dialog.waitFor({ state: 'hidden' })
  }

  it('creates a dashboard and adds question, heading and failing cards', async () => {
    await page.goto(`${server.url}/dashboards`)
    await page.getByRole('button', { name: 'Новый дашборд' }).click()
    await page.getByRole('dialog').getByLabel('Название').fill('Утренний обзор')
    await page.getByRole('dialog').getByRole('button', { name: 'Создать' }).click()
    await page.waitForURL(/\/dashboards\/[^/]+$/)
    await page.getByRole('heading', { name: 'Утренний обзор' }).waitFor()

    await page.getByRole('button', { name: 'Изменить' }).click()
    await page.getByRole('button', { name: 'Добавить', exact: true }).click()
    const dialog = page.getByRole('dialog')
    await dialog
      .locator('label')
      .filter({ hasText: /^Заголовок$/ })
      .click()
    await dialog.getByRole('textbox', { name: 'Текст' }).fill('Продажи за месяц')
    await dialog.getByRole('button', { name: 'Добавить', exact: true }).click()
    await dialog.waitFor({ state: 'hidden' })
    await addQuestionCard('Выручка по регионам')
    await addQuestionCard('Сломанный отчёт')
    await page.getByRole('button', { name: 'Сохранить' }).click()
    await page.getByRole('button', { name: 'Изменить' }).waitFor()
  })

  it('draws the working card and shows the failing card its own error, after a reload too', async () => {
    const runs: string[] = []
    const countRuns = (request: { method(): string; url(): string }) => {
      if (request.method() === 'POST' && /\/cards\/[^/]+\/run$/.test(request.url())) runs.push(request.url())
    }
    for (const pass of ['saved', 'reloaded']) {
      if (pass === 'reloaded') {
        page.on('request', countRuns)
        await page.reload()
      }
      await page.getByRole('heading', { name: 'Продажи за месяц' }).waitFor()
      const good = page.getByTestId('dashboard-question-card').filter({ hasText: 'Выручка по регионам' })
      await good.locator('[data-rendered="true"]').waitFor()
      const bad = page.getByTestId('dashboard-question-card').filter({ hasText: 'Сломанный отчёт' })
      await bad.getByTestId('error-alert').waitFor()
      await expect(bad.getAttribute('data-state')).resolves.toBe('error')
      await expect(good.getAttribute('data-state')).resolves.toBe('success')
    }
    page.off('request', countRuns)
    // The reloaded page took the working card from the cache's answer, sent with the page's first requests;
    // only the failing card, which has nothing cached, was run.
    expect(runs).toHaveLength(1)
  })

  it('resizes a card by dragging its corner while editing, and keeps the size', async () => {
    const id = page.url().split('/').pop()!
    const before = await (await page.request.get(`${server.url}/api/dashboards/${id}`)).json()
    const card = before.cards.find(
      (c: { kind: string; title: string | null; questionId?: string }) => c.kind === 'question',
    )
    await page.getByRole('button', { name: 'Изменить' }).click()
    // The editor draws its own grid: measure the handle once the card has drawn there.
    await page.getByTestId(`dashboard-card-${card.id}`).locator('[data-rendered="true"]').waitFor()
    const cardBox = page.getByTestId(`dashboard-card-${card.id}`)
    const handle = cardBox.locator('.react-resizable-handle')
    // hover() waits until the handle stands still (the editor's grid settles after the cards draw).
    await handle.hover()
    const heightBefore = (await cardBox.boundingBox())!.height
    const box = (await handle.boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.down()
    await page.mouse.move(box.x + 40, box.y + 150, { steps: 8 })
    await page.mouse.move(box.x + 60, box.y + 200, { steps: 8 })
    await page.mouse.up()
    await expect.poll(async () => (await cardBox.boundingBox())!.height).toBeGreaterThan(heightBefore)
    await page.getByRole('button', { name: 'Сохранить' }).click()
    await page.getByRole('button', { name: 'Изменить' }).waitFor()
    const after = await (await page.request.get(`${server.url}/api/dashboards/${id}`)).json()
    const resized = after.cards.find((c: { id: string }) => c.id === card.id)
    expect(resized.layout.h).toBeGreaterThan(card.layout.h)
  })

  it('wires a filter to the cards with its variable, one more by hand, and the cards update when it changes', async () => {
    await page.getByRole('button', { name: 'Изменить' }).click()
    await addQuestionCard('Выручка региона')
    await addQuestionCard('Выручка города')
    await page.getByRole('button', { name: 'Фильтр' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Название фильтра').fill('Регион')
    await dialog.getByLabel('Переменная вопросов').click()
    await page.getByRole('option', { name: 'region', exact: true }).click()
    await dialog.getByText('Подключится к карточкам: 1').waitFor()
    // The card whose variable has another name is wired by hand.
    await dialog.getByRole('button', { name: 'Подключение по карточкам' }).click()
    await dialog.getByLabel('Подключение по карточкам: Выручка города').click()
    await page.getByRole('option', { name: '{{city}}' }).click()
    await dialog.getByText('Подключится к карточкам: 2').waitFor()
    await dialog.getByRole('button', { name: 'Добавить', exact: true }).click()
    await page.getByRole('button', { name: 'Сохранить' }).click()
    await page.getByRole('button', { name: 'Изменить' }).waitFor()

    const card = page.getByTestId('dashboard-question-card').filter({ hasText: 'Выручка региона' })
    const city = page.getByTestId('dashboard-question-card').filter({ hasText: 'Выручка города' })
    await card.and(page.locator('[data-rows="3"]')).waitFor()
    await city.and(page.locator('[data-rows="3"]')).waitFor()
    await page.getByTestId('dashboard-filters').getByLabel('Регион').fill('Казань')
    await page.getByTestId('dashboard-filters').getByLabel('Регион').press('Enter')
    await card.and(page.locator('[data-rows="1"]')).waitFor()
    await city.and(page.locator('[data-rows="1"]')).waitFor()
    await card.locator('[data-rendered="true"]').waitFor()

    // Saved as two targets: the automatic variable, and the other name chosen by hand.
    const id = page.url().split('/').pop()!
    const saved = await api.call<{ filters: { name: string; targets: { variable: string | null }[] }[] }>(
      'GET',
      `/api/dashboards/${id}`,
    )
    const region = saved.filters.find((f) => f.name === 'Регион')!
    expect(region.targets.map((x) => x.variable).sort()).toEqual(['city', 'region'])
  })

  it('cross-filters the dashboard when a bar is clicked', async () => {
    // The changed filter shows as a chip; resetting it brings every region back.
    await page.getByRole('button', { name: 'Сбросить: Регион' }).click()
    const card = page.getByTestId('dashboard-question-card').filter({ hasText: 'Выручка региона' })
    await card.and(page.locator('[data-rows="3"]')).waitFor()
    await card.locator('[data-rendered="true"]').waitFor()
    // Bars of Москва, Казань, Самара; the middle one sits at the middle of the plot, above the axis labels.
    await card.scrollIntoViewIfNeeded()
    const box = (await card.locator('canvas').first().boundingBox())!
    await page.mouse.click(box.x + 40 + (box.width - 56) / 2, box.y + box.height - 45)
    await page.getByTestId('chart-click-menu').getByRole('menuitem', { name: 'Регион: Казань' }).click()
    await card.and(page.locator('[data-rows="1"]')).waitFor()
    await page.getByTestId('dashboard-filters').getByText('Казань', { exact: true }).waitFor()
    await page.getByTestId('active-filter-chip').filter({ hasText: 'Регион: Казань' }).waitFor()
  })

  it('leaves a non-empty screenshot and no page errors', async () => {
    const file = await snapshot(page, 'dashboard-layout')
    const { size } = await import('node:fs').then((fs) => fs.statSync(file))
    expect(size).toBeGreaterThan(20_000)
    expect(problems).toEqual([])
  })
})
