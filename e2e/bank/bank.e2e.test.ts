import type { AddressInfo } from 'node:net'
import { createBankApp } from '@vitrina/bank'
import { createTestBank, rubAccount, type TestBank, testCustomer } from '@vitrina/bank/testing'
import type { FastifyInstance } from 'fastify'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, snapshot } from '../support/browser'

// Generous: argon2id and page loads are slow when the 2-core machine is busy with other suites.
const WAIT = { timeout: 20_000, interval: 100 }

describe('bank web pages in Chromium', () => {
  let bank: TestBank
  let app: FastifyInstance
  let browser: Browser
  let baseUrl: string
  let recipientNumber: string

  beforeAll(async () => {
    bank = await createTestBank()
    await testCustomer(bank.db, 'olga', 'Sunny-Day-2026', [rubAccount(15_000)])
    const recipient = await testCustomer(bank.db, 'pavel', 'Rainy-Day-2026', [rubAccount(0)])
    const { rows } = await bank.db.pool.query<{ number: string }>(
      'SELECT number FROM accounts WHERE id = $1',
      [recipient.accountIds[0]],
    )
    recipientNumber = rows[0]!.number
    app = await createBankApp({ db: bank.db, cookieSecure: false })
    await app.listen({ port: 0, host: '127.0.0.1' })
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await bank?.close()
  })

  it('logs in, transfers money and finds the transfer in the history', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    try {
      await page.goto(`${baseUrl}/accounts`)
      // Not signed in: the bank sends the browser to its login page.
      await page.waitForURL('**/login')
      await page.getByLabel('Логин').fill('olga')
      await page.getByLabel('Пароль').fill('wrong-password')
      await page.getByRole('button', { name: 'Войти' }).click()
      await expect.poll(() => page.getByRole('alert').textContent(), WAIT).toBe('Неверный логин или пароль')

      await page.getByLabel('Пароль').fill('Sunny-Day-2026')
      await page.getByRole('button', { name: 'Войти' }).click()
      await page.waitForURL('**/accounts')
      await expect.poll(() => page.getByTestId('total-rub').textContent(), WAIT).toBe('15\u00a0000,00\u00a0₽')

      await page.getByRole('link', { name: 'Перевод', exact: true }).first().click()
      await page.waitForURL('**/transfer')
      await page.getByLabel('Номер счёта получателя').fill(recipientNumber)
      await page.getByLabel('Сумма').fill('20 000')
      await page.getByRole('button', { name: 'Перевести' }).click()
      await expect
        .poll(() => page.getByRole('alert').textContent(), WAIT)
        .toBe('Недостаточно средств на счёте')

      await page.getByLabel('Сумма').fill('2 500,75')
      await page.getByLabel('Назначение платежа').fill('Оплата за билеты')
      await page.getByRole('button', { name: 'Перевести' }).click()
      await expect.poll(() => page.getByRole('status').isVisible(), WAIT).toBe(true)
      expect(await page.getByRole('status').textContent()).toContain('Перевод выполнен')
      expect(await page.getByRole('status').textContent()).toContain(
        `2\u00a0500,75\u00a0₽ → ${recipientNumber}`,
      )

      await page.getByRole('status').getByRole('link', { name: 'История' }).click()
      await page.waitForURL('**/history')
      const firstRow = page.getByTestId('history').locator('tbody tr').first()
      await expect.poll(() => firstRow.textContent(), WAIT).toContain('Оплата за билеты')
      expect(await firstRow.textContent()).toContain('−2\u00a0500,75\u00a0₽')

      await page.getByLabel('Тип').selectOption('deposit')
      await page.getByRole('button', { name: 'Показать' }).click()
      await page.waitForURL(/kind=deposit/)
      const rows = page.getByTestId('history').locator('tbody tr')
      expect(await rows.count()).toBe(1)
      expect(await rows.first().textContent()).toContain('Пополнение')

      await page.goto(`${baseUrl}/accounts`)
      await expect.poll(() => page.getByTestId('total-rub').textContent(), WAIT).toBe('12\u00a0499,25\u00a0₽')
      await page.getByRole('link', { name: 'EN' }).click()
      await expect.poll(() => page.locator('h1').textContent(), WAIT).toBe('My accounts')
      expect(pageErrors).toEqual([])

      const { rows: balances } = await bank.db.pool.query<{ login: string; balance: string }>(
        `SELECT cr.login, a.balance FROM accounts a JOIN customer_credentials cr ON cr.customer_id = a.customer_id
         ORDER BY cr.login`,
      )
      expect(balances).toEqual([
        { login: 'olga', balance: '12499.25' },
        { login: 'pavel', balance: '2500.75' },
      ])
    } catch (error) {
      await snapshot(page, 'bank-transfer-failure')
      throw error
    } finally {
      await page.close()
    }
  })
})
