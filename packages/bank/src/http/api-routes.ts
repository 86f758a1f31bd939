import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { authenticate, createSession, deleteSession, type Session } from '../domain/auth'
import { type OperationResult, rejectionError, transfer } from '../domain/operations'
import { findAccountIdByNumber, getProfile, history, listAccounts } from '../domain/queries'
import { BankError } from '../errors'
import { type BankAppContext, SESSION_COOKIE } from './app'

const loginBody = z.object({
  login: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
})

const transferBody = z.object({
  fromAccountId: z.number().int().positive(),
  toAccountNumber: z.string().regex(/^\d{20}$/, 'must be 20 digits'),
  amount: z.string().max(40),
  description: z.string().trim().max(140).nullable().default(null),
})

const historyQuery = z.object({
  accountId: z.coerce.number().int().positive().nullable().default(null),
  kind: z.enum(['transfer', 'deposit', 'withdrawal']).nullable().default(null),
  from: z.iso.date().nullable().default(null),
  to: z.iso.date().nullable().default(null),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.coerce.number().int().positive().nullable().default(null),
})

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,200}$/

/** Parses input with a zod schema; failures become 400 BANK_VALIDATION naming each bad field. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
  const summary = issues.map((i) => `${i.path || 'body'}: ${i.message}`).join('; ')
  throw new BankError('BANK_VALIDATION', 400, `Invalid request: ${summary}`, { issues })
}

/** Empty query-string values mean "no filter". */
function dropEmpty(query: unknown): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries((query ?? {}) as Record<string, unknown>).filter(([, v]) => v !== ''),
  )
}

export function requireSession(request: FastifyRequest): Session {
  if (request.bankSession === null) {
    throw new BankError('BANK_UNAUTHENTICATED', 401, 'Sign in first')
  }
  return request.bankSession
}

/** Mutations need the session's CSRF token in a header, which a cross-site form cannot send. */
function requireCsrf(request: FastifyRequest, session: Session): void {
  const header = request.headers['x-csrf-token']
  const given = Buffer.from(typeof header === 'string' ? header : '')
  const expected = Buffer.from(session.csrfToken)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new BankError('BANK_CSRF', 403, 'Missing or wrong X-CSRF-Token header')
  }
}

export function presentOperation(result: OperationResult) {
  return {
    id: result.operationId,
    kind: result.kind,
    status: result.status,
    failureCode: result.failureCode,
    createdAt: result.createdAt.toISOString(),
    postings: result.postings,
  }
}

export function registerApiRoutes(app: FastifyInstance, ctx: BankAppContext): void {
  const { db, metrics } = ctx

  app.post('/api/login', async (request, reply) => {
    const body = parseInput(loginBody, request.body)
    const login = body.login.toLowerCase()
    for (const key of [`ip:${request.ip}`, `login:${login}`]) {
      const wait = ctx.loginLimiter.hit(key)
      if (wait > 0) {
        reply.header('retry-after', String(wait))
        throw new BankError('BANK_RATE_LIMITED', 429, `Too many sign-in attempts; retry in ${wait} s`, {
          retryAfterSeconds: wait,
        })
      }
    }
    const customerId = await authenticate(db.pool, login, body.password)
    ctx.loginLimiter.reset(`login:${login}`)
    const { token, session } = await createSession(db.pool, customerId, ctx.sessionTtlMs)
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.cookieSecure,
      path: '/',
      maxAge: Math.floor(ctx.sessionTtlMs / 1000),
    })
    return { customerId, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() }
  })

  app.post('/api/logout', async (request, reply) => {
    const session = requireSession(request)
    requireCsrf(request, session)
    if (request.bankSessionToken !== null) await deleteSession(db.pool, request.bankSessionToken)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.status(204).send()
  })

  app.get('/api/me', async (request) => {
    const session = requireSession(request)
    const profile = await getProfile(db.pool, session.customerId)
    if (profile === null) throw new BankError('BANK_NOT_FOUND', 404, 'Customer not found')
    return { profile, csrfToken: session.csrfToken }
  })

  app.get('/api/accounts', async (request) => {
    const session = requireSession(request)
    return { accounts: await listAccounts(db.pool, session.customerId) }
  })

  app.get('/api/history', async (request) => {
    const session = requireSession(request)
    const filter = parseInput(historyQuery, dropEmpty(request.query))
    if (filter.from !== null && filter.to !== null && filter.from > filter.to) {
      throw new BankError('BANK_VALIDATION', 400, 'Invalid request: from is after to', {
        issues: [{ path: 'from', message: 'is after to' }],
      })
    }
    return history(db.pool, session.customerId, filter)
  })

  app.post('/api/transfers', async (request, reply: FastifyReply) => {
    const session = requireSession(request)
    requireCsrf(request, session)
    const key = request.headers['idempotency-key']
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
      throw new BankError(
        'BANK_IDEMPOTENCY_KEY_REQUIRED',
        400,
        'An Idempotency-Key header of 8-200 printable ASCII characters is required',
      )
    }
    const body = parseInput(transferBody, request.body)
    const toAccountId = await findAccountIdByNumber(db.pool, body.toAccountNumber)
    if (toAccountId === null) {
      throw new BankError('BANK_ACCOUNT_NOT_FOUND', 404, `Account ${body.toAccountNumber} not found`, {
        accountNumber: body.toAccountNumber,
      })
    }
    const result = await transfer(db, {
      customerId: session.customerId,
      fromAccountId: body.fromAccountId,
      toAccountId,
      amount: body.amount,
      description: body.description === '' ? null : body.description,
      idempotencyKey: key,
    })
    metrics.operations.inc({ kind: 'transfer', status: result.replayed ? 'replayed' : result.status })
    const rejection = rejectionError(result)
    if (rejection !== null) throw rejection
    if (result.replayed) reply.header('idempotent-replayed', 'true')
    return reply.status(result.replayed ? 200 : 201).send({ operation: presentOperation(result) })
  })
}
