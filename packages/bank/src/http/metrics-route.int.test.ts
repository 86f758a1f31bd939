import { spawnSync } from 'node:child_process'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBankMetrics } from '../metrics'
import { createTestBank, rubAccount, type TestBank, testCustomer } from '../testing/fixtures'
import { createBankApp } from './app'
import { parseListen, startMetricsListener } from './metrics-route'

const TOKEN = 'bank-metrics-token-0123456'

/** Debian's `promtool check metrics`: exit 0 and no lint output. */
function promtoolCheck(exposition: string) {
  const res = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' })
  return { code: res.status, output: `${res.stdout}${res.stderr}` }
}

describe('bank /metrics: requests, transfers, failures', () => {
  let bank: TestBank
  let app: FastifyInstance
  const metrics = createBankMetrics()

  beforeAll(async () => {
    bank = await createTestBank()
    app = await createBankApp({ db: bank.db, metrics, cookieSecure: false, metricsToken: TOKEN })
  })
  afterAll(async () => {
    await app?.close()
    await bank?.close()
  })

  it('is not served without a token or a listener', async () => {
    const closed = await createBankApp({ db: bank.db, metrics, cookieSecure: false })
    try {
      expect((await closed.inject({ url: '/metrics' })).statusCode).toBe(404)
    } finally {
      await closed.close()
    }
  })

  it('asks for the bearer token, then exports the counters; promtool accepts it', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-000000000']) {
      const res = await app.inject({ url: '/metrics', headers: authorization ? { authorization } : {} })
      expect(res.statusCode).toBe(401)
    }
    const anna = await testCustomer(bank.db, 'anna', 'correct-horse', [rubAccount(1000)])
    const boris = await testCustomer(bank.db, 'boris', 'battery-staple', [rubAccount(0)])
    const { rows } = await bank.db.pool.query<{ number: string }>(
      'SELECT number FROM accounts WHERE id = $1',
      [boris.accountIds[0]],
    )
    const login = await app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { login: 'anna', password: 'correct-horse' },
    })
    const headers = {
      cookie: `bank_session=${login.cookies[0]!.value}`,
      'x-csrf-token': login.json().csrfToken as string,
    }
    const transfer = (amount: string, key: string) =>
      app.inject({
        method: 'POST',
        url: '/api/transfers',
        headers: { ...headers, 'idempotency-key': key },
        payload: {
          fromAccountId: anna.accountIds[0],
          toAccountNumber: rows[0]!.number,
          amount,
          description: '',
        },
      })
    expect((await transfer('10.00', 'metrics-key-1')).statusCode).toBe(201)
    expect((await transfer('5000.00', 'metrics-key-2')).statusCode).toBe(422)

    const res = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('bank_operations_total{kind="transfer",status="completed"} 1')
    expect(res.body).toContain('bank_failures_total{code="BANK_INSUFFICIENT_FUNDS"} 1')
    expect(res.body).toContain(
      'bank_http_requests_total{method="POST",route="/api/transfers",status="201"} 1',
    )
    expect(promtoolCheck(res.body)).toEqual({ code: 0, output: '' })
  })

  it('serves the same registry on a separate listener', async () => {
    const listener = await startMetricsListener(parseListen('127.0.0.1:0'), {
      registry: metrics.registry,
      token: null,
    })
    try {
      const res = await fetch(listener.url)
      expect(res.status).toBe(200)
      expect(await res.text()).toContain('# TYPE bank_operations_total counter')
    } finally {
      await listener.close()
    }
  })
})
