import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CreatedCustomer } from '../domain/customers'
import { type BankMetrics, createBankMetrics } from '../metrics'
import { createTestBank, rubAccount, type TestBank, testCustomer } from '../testing/fixtures'
import { createBankApp, PUBLIC_ROUTES } from './app'

describe('bank app', () => {
  let bank: TestBank
  let app: FastifyInstance
  let metrics: BankMetrics
  let anna: CreatedCustomer
  let boris: CreatedCustomer
  let annaNumber: string
  let borisNumber: string

  beforeAll(async () => {
    bank = await createTestBank()
    metrics = createBankMetrics()
    app = await createBankApp({
      db: bank.db,
      metrics,
      cookieSecure: false,
      loginRateLimit: { max: 3, windowMs: 60_000 },
    })
    anna = await testCustomer(bank.db, 'anna', 'correct-horse', [rubAccount(1000), rubAccount(50, 'savings')])
    boris = await testCustomer(bank.db, 'boris', 'battery-staple', [rubAccount(0)])
    const { rows } = await bank.db.pool.query<{ id: number; number: string }>(
      'SELECT id, number FROM accounts',
    )
    const numbers = new Map(rows.map((r) => [r.id, r.number]))
    annaNumber = numbers.get(anna.accountIds[0]!)!
    borisNumber = numbers.get(boris.accountIds[0]!)!
  })
  afterAll(async () => {
    await app?.close()
    await bank?.close()
  })

  const errorOf = (res: LightMyRequestResponse) => res.json().error as { code: string; requestId: string }

  it('keeps every route except the public ones behind a session', async () => {
    const closed = app.bankRoutes.filter((r) => !PUBLIC_ROUTES.includes(`${r.method} ${r.url}`))
    expect(closed.length).toBeGreaterThanOrEqual(9)
    for (const route of closed) {
      const res = await app.inject({
        method: route.method as 'GET',
        url: route.url.replace(':id', '1'),
        payload: {},
      })
      if (route.url.startsWith('/api/')) {
        expect(res.statusCode, `${route.method} ${route.url}`).toBe(401)
        expect(errorOf(res).code).toBe('BANK_UNAUTHENTICATED')
        expect(errorOf(res).requestId).toBe(res.headers['x-request-id'])
      } else {
        expect(res.statusCode, `${route.method} ${route.url}`).toBe(302)
        expect(res.headers.location).toBe('/login')
      }
    }
  })

  it('refuses malformed logins with 400 and wrong passwords with 401, then rate-limits', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/login', payload: { login: 'boris' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error).toMatchObject({
      code: 'BANK_VALIDATION',
      details: { issues: [{ path: 'password' }] },
    })
    const wrong = () =>
      app.inject({ method: 'POST', url: '/api/login', payload: { login: 'boris', password: 'nope' } })
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { login: 'nobody', password: 'x' },
    })
    expect(errorOf(unknown).code).toBe('BANK_INVALID_CREDENTIALS')
    // One attempt left in this window for this IP (limit 3: the 400 does not count, "nobody" did).
    expect((await wrong()).statusCode).toBe(401)
    expect((await wrong()).statusCode).toBe(401)
    const limited = await wrong()
    expect(limited.statusCode).toBe(429)
    expect(errorOf(limited).code).toBe('BANK_RATE_LIMITED')
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('serves profile, accounts and pages to a signed-in customer', async () => {
    // Each test app instance has its own limiter; a fresh app avoids the previous test's lockout.
    const fresh = await createBankApp({ db: bank.db, metrics, cookieSecure: false })
    try {
      const res = await fresh.inject({
        method: 'POST',
        url: '/api/login',
        payload: { login: 'Anna', password: 'correct-horse' },
      })
      expect(res.statusCode).toBe(200)
      const cookie = `bank_session=${res.cookies[0]!.value}`
      const me = await fresh.inject({ url: '/api/me', headers: { cookie } })
      expect(me.json().profile).toMatchObject({
        login: 'anna',
        lastName: 'Иванова',
        homeBranch: { code: 'MOW-01' },
        contacts: [
          { kind: 'email', value: 'anna@example.ru' },
          { kind: 'phone', value: '+79161234567' },
        ],
      })
      const accounts = await fresh.inject({ url: '/api/accounts', headers: { cookie } })
      expect(accounts.json().accounts.map((a: { balance: string }) => a.balance)).toEqual([
        '1000.00',
        '50.00',
      ])
      const page = await fresh.inject({ url: '/accounts', headers: { cookie } })
      expect(page.statusCode).toBe(200)
      expect(page.headers['content-security-policy']).toContain("script-src 'self'")
      expect(page.body).toContain('Мои счета')
      expect(page.body).toContain('1\u00a0000,00\u00a0₽')
      const english = await fresh.inject({ url: '/profile?lang=en', headers: { cookie } })
      expect(english.body).toContain('Home branch')
      expect(english.cookies.find((c) => c.name === 'bank_lang')?.value).toBe('en')
      for (const url of ['/history', '/transfer', '/history?kind=transfer&from=2020-01-01']) {
        expect((await fresh.inject({ url, headers: { cookie } })).statusCode, url).toBe(200)
      }
      expect((await fresh.inject({ url: '/history?from=nonsense', headers: { cookie } })).statusCode).toBe(
        400,
      )
    } finally {
      await fresh.close()
    }
  })

  it('transfers with CSRF and Idempotency-Key, replays, and reports refusals with stable codes', async () => {
    const fresh = await createBankApp({ db: bank.db, metrics, cookieSecure: false })
    try {
      const res = await fresh.inject({
        method: 'POST',
        url: '/api/login',
        payload: { login: 'anna', password: 'correct-horse' },
      })
      const cookie = `bank_session=${res.cookies[0]!.value}`
      const csrf = res.json().csrfToken as string
      const send = (payload: object, headers: Record<string, string>) =>
        fresh.inject({ method: 'POST', url: '/api/transfers', payload, headers: { cookie, ...headers } })
      const body = {
        fromAccountId: anna.accountIds[0],
        toAccountNumber: borisNumber,
        amount: '123.45',
        description: 'Обед',
      }

      expect(errorOf(await send(body, { 'idempotency-key': 'key-00000001' })).code).toBe('BANK_CSRF')
      expect(errorOf(await send(body, { 'x-csrf-token': csrf })).code).toBe('BANK_IDEMPOTENCY_KEY_REQUIRED')
      const badAmount = await send(
        { ...body, amount: '12,5' },
        { 'x-csrf-token': csrf, 'idempotency-key': 'key-00000002' },
      )
      expect(badAmount.statusCode).toBe(400)
      expect(errorOf(badAmount).code).toBe('BANK_INVALID_AMOUNT')
      const badNumber = await send(
        { ...body, toAccountNumber: '123' },
        { 'x-csrf-token': csrf, 'idempotency-key': 'key-00000003' },
      )
      expect(badNumber.json().error).toMatchObject({
        code: 'BANK_VALIDATION',
        details: { issues: [{ path: 'toAccountNumber' }] },
      })
      const unknown = await send(
        { ...body, toAccountNumber: '40817810000000009999' },
        { 'x-csrf-token': csrf, 'idempotency-key': 'key-00000004' },
      )
      expect(unknown.statusCode).toBe(404)
      expect(errorOf(unknown).code).toBe('BANK_ACCOUNT_NOT_FOUND')
      const borisAccount = await send(
        { ...body, fromAccountId: boris.accountIds[0], toAccountNumber: annaNumber },
        { 'x-csrf-token': csrf, 'idempotency-key': 'key-00000005' },
      )
      expect(errorOf(borisAccount).code).toBe('BANK_ACCOUNT_NOT_FOUND')

      const headers = { 'x-csrf-token': csrf, 'idempotency-key': 'key-00000010' }
      const created = await send(body, headers)
      expect(created.statusCode).toBe(201)
      expect(created.json().operation).toMatchObject({
        kind: 'transfer',
        status: 'completed',
        postings: [
          { accountId: anna.accountIds[0], amount: '-123.45' },
          { accountId: boris.accountIds[0], amount: '123.45' },
        ],
      })
      const replay = await send(body, headers)
      expect(replay.statusCode).toBe(200)
      expect(replay.headers['idempotent-replayed']).toBe('true')
      expect(replay.json().operation.id).toBe(created.json().operation.id)
      const conflict = await send({ ...body, amount: '1' }, headers)
      expect(conflict.statusCode).toBe(409)
      expect(errorOf(conflict).code).toBe('BANK_IDEMPOTENCY_CONFLICT')

      const tooMuch = await send(
        { ...body, amount: '1000000' },
        { 'x-csrf-token': csrf, 'idempotency-key': 'key-00000011' },
      )
      expect(tooMuch.statusCode).toBe(422)
      expect(errorOf(tooMuch).code).toBe('BANK_INSUFFICIENT_FUNDS')

      const { rows } = await bank.db.pool.query(
        'SELECT balance FROM accounts WHERE id = ANY($1) ORDER BY id',
        [[anna.accountIds[0], boris.accountIds[0]]],
      )
      expect(rows.map((r) => r.balance)).toEqual(['876.55', '123.45'])

      const history = await fresh.inject({ url: '/api/history?kind=transfer', headers: { cookie } })
      expect(history.json().items).toMatchObject([
        { kind: 'transfer', amount: '-123.45', description: 'Обед', counterpartyAccountNumber: borisNumber },
      ])
      const all = await fresh.inject({
        url: `/api/history?limit=1&accountId=${anna.accountIds[0]}`,
        headers: { cookie },
      })
      expect(all.json().items).toHaveLength(1)
      const older = await fresh.inject({
        url: `/api/history?limit=1&accountId=${anna.accountIds[0]}&before=${all.json().nextCursor}`,
        headers: { cookie },
      })
      expect(older.json()).toMatchObject({
        items: [{ kind: 'deposit', amount: '1000.00' }],
        nextCursor: null,
      })
      const future = await fresh.inject({ url: '/api/history?from=2999-01-01', headers: { cookie } })
      expect(future.json().items).toEqual([])
      const reversed = await fresh.inject({
        url: '/api/history?from=2026-02-01&to=2026-01-01',
        headers: { cookie },
      })
      expect(reversed.statusCode).toBe(400)
      const historyPage = await fresh.inject({ url: '/history', headers: { cookie } })
      expect(historyPage.body).toContain('−123,45\u00a0₽')

      const counted = await metrics.registry.getSingleMetricAsString('bank_operations_total')
      expect(counted).toContain('bank_operations_total{kind="transfer",status="completed"} 1')
      expect(counted).toContain('bank_operations_total{kind="transfer",status="replayed"} 1')

      const logout = await fresh.inject({
        method: 'POST',
        url: '/api/logout',
        headers: { cookie, 'x-csrf-token': csrf },
      })
      expect(logout.statusCode).toBe(204)
      expect((await fresh.inject({ url: '/api/accounts', headers: { cookie } })).statusCode).toBe(401)
    } finally {
      await fresh.close()
    }
  })

  it('answers unknown API paths and bad JSON with the JSON error shape', async () => {
    const missing = await app.inject({ url: '/api/nope' })
    expect(missing.statusCode).toBe(404)
    expect(errorOf(missing).code).toBe('BANK_NOT_FOUND')
    const badJson = await app.inject({
      method: 'POST',
      url: '/api/login',
      payload: '{"login":',
      headers: { 'content-type': 'application/json' },
    })
    expect(badJson.statusCode).toBe(400)
    expect(errorOf(badJson).code).toBe('BANK_VALIDATION')
    const page = await app.inject({ url: '/nope' })
    expect(page.statusCode).toBe(404)
    expect(page.headers['content-type']).toContain('text/html')
  })
})
