import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, snapshot } from '../support/browser'
import { type RunningServer, startBuiltVitrina } from '../support/vitrina'

const ADMIN = { name: 'Анна Админова', email: 'anna@example.com', password: 'admin-password-42' }
const VIEWER = { name: 'Виктор Читатель', email: 'viktor@example.com', password: 'viewer-password-42' }

describe('first run: setup, users, roles, language', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    server = await startBuiltVitrina()
    browser = await launchBrowser()
    // A Russian browser: the UI starts in Russian.
    page = await browser.newPage({ locale: 'ru-RU' })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  async function login(who: { email: string; password: string }) {
    await page.getByLabel('Эл. почта').fill(who.email)
    await page.getByLabel(/^Пароль/).fill(who.password)
    await page.getByRole('button', { name: 'Войти' }).click()
  }

  async function logout() {
    await page.getByTestId('user-menu').click()
    await page.getByRole('menuitem', { name: 'Выйти' }).click()
    await page.waitForURL('**/login')
  }

  it('sends a fresh install to setup, where the first admin is created', async () => {
    await page.goto(server.url)
    await page.waitForURL('**/setup')
    await page.getByRole('heading', { name: 'Добро пожаловать в Витрину' }).waitFor()
    await page.getByLabel('Ваше имя').fill(ADMIN.name)
    await page.getByLabel('Эл. почта').fill(ADMIN.email)
    await page.getByLabel(/^Пароль/).fill(ADMIN.password)
    await page.getByRole('button', { name: 'Создать администратора' }).click()
    await page.waitForURL('**/dashboards')
    await page.getByRole('link', { name: 'Администрирование' }).waitFor()
  })

  it('closes setup for good', async () => {
    await page.goto(`${server.url}/setup`)
    await page.waitForURL('**/dashboards')
    const res = await fetch(`${server.url}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', email: 'x@example.com', password: 'another-password' }),
    })
    expect(res.status).toBe(409)
  })

  it('lets the admin log out, fail with a wrong password, and log back in', async () => {
    await logout()
    await login({ email: ADMIN.email, password: 'wrong-password' })
    await expect(page.getByTestId('error-alert').textContent()).resolves.toContain(
      'Неверная почта или пароль',
    )
    await page.getByLabel(/^Пароль/).fill(ADMIN.password)
    await page.getByRole('button', { name: 'Войти' }).click()
    await page.waitForURL('**/dashboards')
  })

  it('lets the admin create a viewer with a region attribute', async () => {
    await page.getByRole('link', { name: 'Администрирование' }).click()
    await page.waitForURL('**/admin/users')
    await page.getByRole('button', { name: 'Новый пользователь' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Эл. почта').fill(VIEWER.email)
    await dialog.getByLabel('Имя').fill(VIEWER.name)
    await dialog.getByLabel(/^Пароль/).fill(VIEWER.password)
    await dialog.getByRole('button', { name: 'Добавить атрибут' }).click()
    await dialog.getByLabel('Ключ').fill('region')
    await dialog.getByLabel('Значение').fill('Москва')
    await dialog.getByRole('button', { name: 'Создать' }).click()
    await dialog.waitFor({ state: 'detached' })
    const row = page.getByTestId('users-table').getByRole('row', { name: new RegExp(VIEWER.email) })
    await expect(row.textContent()).resolves.toMatch(/Читатель.*region=Москва/)
    await snapshot(page, 'admin-users')
  })

  it('shows the admin the audit log of what happened', async () => {
    await page.getByRole('tab', { name: 'Журнал аудита' }).click()
    const table = page.getByTestId('audit-table')
    await table.waitFor()
    const text = await table.textContent()
    expect(text).toContain('Пользователь создан')
    expect(text).toContain('Неудачный вход')
  })

  it('refuses the admin pages to the viewer, in the UI and in the API', async () => {
    await logout()
    await login(VIEWER)
    await page.waitForURL('**/dashboards')
    await expect(page.getByRole('link', { name: 'Администрирование' }).count()).resolves.toBe(0)
    await page.goto(`${server.url}/admin/users`)
    await page.getByTestId('forbidden').waitFor()
    const status = await page.evaluate(async () => (await fetch('/api/admin/users')).status)
    expect(status).toBe(403)
  })

  it('switches the whole UI to English and back', async () => {
    await page.getByTestId('language-switcher').getByText('EN').click()
    await page.getByRole('link', { name: 'Dashboards' }).waitFor()
    await page.getByRole('heading', { name: 'Access denied' }).waitFor()
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('en')
    await snapshot(page, 'viewer-english')
    // The choice survives a reload.
    await page.reload()
    await page.getByRole('link', { name: 'Questions' }).waitFor()
    await page.getByTestId('language-switcher').getByText('RU').click()
    await page.getByRole('link', { name: 'Вопросы' }).waitFor()
  })
})
