import { createHmac } from 'node:crypto'
import http from 'node:http'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, snapshot } from '../support/browser'
import { freePort, type RunningServer, startBuiltVitrina } from '../support/vitrina'

const ADMIN = { name: 'Анна Админова', email: 'anna@example.com', password: 'admin-password-42' }
const SAMPLE_CARDS = 6
const SAMPLE_CHARTS = 4
const MARKDOWN_HEADING = 'Комментарий аналитика'

/** The recipe of docs/API.md, as another site's server runs it. */
function embedUrl(vitrina: string, secret: string, dashboardId: string, params: Record<string, unknown>) {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const exp = Math.floor(Date.now() / 1000) + 600
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ dashboard: dashboardId, params, exp })}`
  const signature = createHmac('sha256', secret).update(unsigned).digest('base64url')
  return `${vitrina}/embed/d/${unsigned}.${signature}`
}

/** Another site, on another port (so another origin), whose page frames `src`. */
async function startOtherSite(port: number, src: () => string): Promise<http.Server> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(
      `<!doctype html><html><body><h1>Партнёрский портал</h1><iframe id="vitrina" src="${src()}" width="1200" height="900" style="border:0"></iframe></body></html>`,
    )
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return server
}

describe('sharing: the first minute, public links, embedding and TV mode', () => {
  let server: RunningServer
  let other: http.Server
  let otherUrl: string
  let browser: Browser
  let page: Page
  let dashboardUrl: string
  let shareUrl: string
  let embed = ''
  const problems: string[] = []

  const cards = (p: Page | ReturnType<Page['frameLocator']>) =>
    p.locator('[data-testid="dashboard-question-card"]')
  /** Every sample card has its data, and every chart among them (all but the KPI and the table) has drawn. */
  const allDrawn = async (p: Page | ReturnType<Page['frameLocator']>) => {
    await cards(p)
      .nth(SAMPLE_CARDS - 1)
      .waitFor()
    expect(await cards(p).count()).toBe(SAMPLE_CARDS)
    try {
      for (let i = 0; i < SAMPLE_CARDS; i++)
        await cards(p).nth(i).and(p.locator('[data-state="success"]')).waitFor({ timeout: 60_000 })
    } catch (error) {
      // Say which card is stuck and what it shows, not only that a locator timed out.
      const states = await cards(p).evaluateAll((els) =>
        els.map((el) => `${el.getAttribute('data-state')}: ${(el.textContent ?? '').slice(0, 160)}`),
      )
      throw new Error(`cards not all drawn:\n${states.join('\n')}`, { cause: error })
    }
    await p
      .locator('[data-testid="echart"][data-rendered="true"]')
      .nth(SAMPLE_CHARTS - 1)
      .waitFor()
    expect(await p.locator('[data-testid="echart"]').count()).toBe(SAMPLE_CHARTS)
  }
  const freshContext = async (): Promise<BrowserContext> => {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 } })
    context.on('page', (p) => p.on('pageerror', (e) => problems.push(e.message)))
    return context
  }

  beforeAll(async () => {
    const otherPort = await freePort()
    otherUrl = `http://127.0.0.1:${otherPort}`
    server = await startBuiltVitrina({ VITRINA_EMBED_ORIGINS: otherUrl })
    other = await startOtherSite(otherPort, () => embed)
    browser = await launchBrowser()
    page = await browser.newPage({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 } })
    page.on('pageerror', (e) => problems.push(e.message))
  })
  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => other?.close(resolve))
    await server?.stop()
  })

  it('a fresh install’s admin adds the sample content and sees its dashboard draw every card', async () => {
    await page.goto(server.url)
    await page.waitForURL('**/setup')
    await page.getByLabel('Ваше имя').fill(ADMIN.name)
    await page.getByLabel('Эл. почта').fill(ADMIN.email)
    await page.getByLabel(/^Пароль/).fill(ADMIN.password)
    await page.getByRole('button', { name: 'Создать администратора' }).click()
    await page.waitForURL('**/dashboards')
    await page.getByRole('heading', { name: 'Дашбордов пока нет' }).waitFor()
    await page.getByTestId('add-sample-content').click()
    await page.waitForURL(/\/dashboards\/[^/?]+$/, { timeout: 90_000 })
    dashboardUrl = page.url()
    await page.getByRole('heading', { name: 'Продажи по регионам' }).waitFor()
    await allDrawn(page)
  })

  it('adds a markdown card: a preview while typing, raw HTML shown as text, links with rel=noopener', async () => {
    await page.getByRole('button', { name: 'Изменить', exact: true }).click()
    await page.getByRole('button', { name: 'Добавить', exact: true }).click()
    const dialog = page.getByRole('dialog')
    await dialog
      .locator('label')
      .filter({ hasText: /^Текст$/ })
      .click()
    await dialog
      .getByRole('textbox', { name: 'Текст' })
      .fill(
        `## ${MARKDOWN_HEADING}\n**Итоги** квартала <script>window.hacked = 1</script> — [сайт](https://example.com)`,
      )
    const preview = dialog.getByTestId('markdown-preview')
    await preview.getByRole('heading', { name: MARKDOWN_HEADING }).waitFor()
    await preview.locator('strong', { hasText: 'Итоги' }).waitFor()
    await dialog.getByRole('button', { name: 'Добавить', exact: true }).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByRole('button', { name: 'Сохранить' }).click()
    await page.getByRole('button', { name: 'Изменить', exact: true }).waitFor()
    await expectSafeMarkdown(page)
  })

  it('shares the dashboard with a locked period and copies the link shown once', async () => {
    const from = page.getByTestId('dashboard-filters').getByLabel('Период с')
    await from.fill('2025-07-01')
    await page.getByRole('button', { name: 'Поделиться' }).click()
    const dialog = page.getByRole('dialog', { name: 'Поделиться дашбордом' })
    await dialog.getByLabel('Пометка').fill('для партнёров')
    await dialog.getByLabel('Зафиксировать «Период с»').check()
    // The lock starts from the value on the page; the editor could pick another one here.
    await expect(
      dialog.getByTestId('share-lock-date_from').getByLabel('Период с').inputValue(),
    ).resolves.toBe('2025-07-01')
    await dialog.getByRole('button', { name: 'Создать ссылку' }).click()
    shareUrl = await dialog.getByTestId('share-url').inputValue()
    expect(shareUrl).toMatch(new RegExp(`^${server.url}/public/d/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`))
    await dialog.getByTestId('share-row').filter({ hasText: 'для партнёров' }).waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
  })

  it('opens the link in a fresh browser without signing in: every card drawn, the locked filter fixed', async () => {
    const context = await freshContext()
    const visitor = await context.newPage()
    await visitor.goto(shareUrl)
    await visitor.getByRole('heading', { name: 'Продажи по регионам' }).waitFor()
    await allDrawn(visitor)
    await expectSafeMarkdown(visitor)
    expect(visitor.url()).toBe(shareUrl)
    const locked = visitor.getByTestId('dashboard-filters').getByLabel('Период с')
    await expect(locked.inputValue()).resolves.toBe('2025-07-01')
    await expect(locked.isDisabled()).resolves.toBe(true)
    // The unlocked filter stays usable.
    await expect(visitor.getByTestId('dashboard-filters').getByLabel('Период по').isDisabled()).resolves.toBe(
      false,
    )
    // Sending another value for the locked filter changes nothing: the server applies the link's value.
    const token = shareUrl.split('/').pop()!
    const definition = await (
      await visitor.request.get(`${server.url}/api/public/dashboards/${token}`)
    ).json()
    const card = definition.cards.find((c: { kind: string }) => c.kind === 'question').id
    const run = async (filters: unknown) =>
      (
        await (
          await visitor.request.post(`${server.url}/api/public/dashboards/${token}/cards/${card}/run`, {
            data: { filters },
          })
        ).json()
      ).rows
    expect(await run({ date_from: '2025-01-01' })).toEqual(await run({}))
    expect(await run({})).not.toEqual(
      (
        await (
          await page.request.post(
            `${server.url}/api/dashboards/${dashboardUrl.split('/').pop()}/cards/${card}/run`,
            {
              data: { filters: { date_from: '2025-01-01' } },
              headers: { 'x-csrf-token': await csrfOf(page, server.url) },
            },
          )
        ).json()
      ).rows,
    )
    await snapshot(visitor, 'sharing-public-link')
    await context.close()
  })

  it('revokes the link: the fresh browser then sees a clear message instead of the dashboard', async () => {
    await page.getByRole('button', { name: 'Поделиться' }).click()
    const dialog = page.getByRole('dialog', { name: 'Поделиться дашбордом' })
    const row = dialog.getByTestId('share-row').filter({ hasText: 'для партнёров' })
    await row.getByRole('button', { name: 'Отозвать' }).click()
    await page
      .getByRole('dialog', { name: 'Отозвать ссылку?' })
      .getByRole('button', { name: 'Отозвать' })
      .click()
    await row.and(page.locator('[data-status="revoked"]')).waitFor()
    await page.keyboard.press('Escape')

    const context = await freshContext()
    const visitor = await context.newPage()
    await visitor.goto(shareUrl)
    await visitor.getByTestId('share-gone').waitFor()
    await visitor.getByText('Ссылка отозвана тем, кто ею поделился').waitFor()
    expect(await cards(visitor).count()).toBe(0)
    await context.close()
  })

  it('embeds the dashboard in another site’s page with a signed token', async () => {
    await page.goto(`${server.url}/admin/embedding`)
    await page.getByRole('button', { name: 'Создать секрет' }).click()
    const secret = await page.getByTestId('embedding-panel').getByLabel('Секрет встраивания').inputValue()
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
    await page.getByTestId('embedding-panel').getByText(otherUrl).waitFor()
    embed = embedUrl(server.url, secret, dashboardUrl.split('/').pop()!, { date_to: '2025-06-30' })

    const context = await freshContext()
    const visitor = await context.newPage()
    await visitor.goto(otherUrl)
    await visitor.getByRole('heading', { name: 'Партнёрский портал' }).waitFor()
    const frame = visitor.frameLocator('#vitrina')
    await frame.getByRole('heading', { name: 'Продажи по регионам' }).waitFor()
    await allDrawn(frame)
    await expect(frame.getByTestId('dashboard-filters').getByLabel('Период по').isDisabled()).resolves.toBe(
      true,
    )
    // No app chrome inside the frame: no sign-in, no navigation, no public-link header.
    expect(await frame.getByTestId('user-menu').count()).toBe(0)
    expect(await frame.getByText('Витрина — только просмотр').count()).toBe(0)
    await snapshot(visitor, 'sharing-embed')
    await context.close()
  })

  it('TV mode hides the app chrome, takes ?theme=dark, and Esc brings the chrome back', async () => {
    await page.goto(dashboardUrl)
    await page.getByTestId('user-menu').waitFor()
    await page.getByRole('button', { name: 'Режим ТВ' }).click()
    await page.getByTestId('tv-mode').waitFor()
    expect(new URL(page.url()).searchParams.get('tv')).toBe('1')
    expect(await page.getByTestId('user-menu').count()).toBe(0)
    expect(await page.getByRole('link', { name: 'Вопросы' }).count()).toBe(0)
    await allDrawn(page)
    await page.keyboard.press('Escape')
    await page.getByTestId('user-menu').waitFor()
    expect(await page.getByTestId('tv-mode').count()).toBe(0)
    expect(new URL(page.url()).searchParams.get('tv')).toBeNull()

    await page.goto(`${dashboardUrl}?tv=1&theme=dark`)
    await page.getByTestId('tv-mode').waitFor()
    await expect(page.locator('html').getAttribute('data-mantine-color-scheme')).resolves.toBe('dark')
    await allDrawn(page)
    await snapshot(page, 'sharing-tv-dark')
  })

  it('left no page errors', () => {
    expect(problems).toEqual([])
  })
})

/** The markdown card as drawn on a dashboard: formatted, its script inert text, its link opening safely. */
async function expectSafeMarkdown(p: Page) {
  const card = p.getByTestId('markdown').filter({ hasText: MARKDOWN_HEADING })
  await card.getByRole('heading', { name: MARKDOWN_HEADING }).waitFor()
  await card.locator('strong', { hasText: 'Итоги' }).waitFor()
  await card.getByText('<script>window.hacked = 1</script>', { exact: false }).waitFor()
  expect(await card.locator('script').count()).toBe(0)
  expect(await p.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined()
  await expect(card.getByRole('link', { name: 'сайт' }).getAttribute('rel')).resolves.toBe(
    'noopener noreferrer',
  )
  await expect(card.getByRole('link', { name: 'сайт' }).getAttribute('target')).resolves.toBe('_blank')
}

async function csrfOf(page: Page, url: string): Promise<string> {
  return (await (await page.request.get(`${url}/api/auth/me`)).json()).csrfToken
}
