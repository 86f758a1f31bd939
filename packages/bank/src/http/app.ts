import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import cookie from '@fastify/cookie'
import helmet from '@fastify/helmet'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import type { BankDb } from '../db/bank-db'
import { findSession, type Session } from '../domain/auth'
import { BankError } from '../errors'
import { type BankMetrics, bankMetrics } from '../metrics'
import { registerApiRoutes } from './api-routes'
import { type Lang, parseLang } from './i18n'
import { registerMetricsRoute } from './metrics-route'
import { registerPageRoutes } from './page-routes'
import { createRateLimiter } from './rate-limit'
import { errorPage } from './views/layout'

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route this app registered; a test proves all but PUBLIC_ROUTES need a session. */
    bankRoutes: { method: string; url: string }[]
  }
  interface FastifyRequest {
    bankSession: Session | null
    bankSessionToken: string | null
    lang: Lang
  }
}

export const SESSION_COOKIE = 'bank_session'
/** Reachable without a session. */
export const PUBLIC_ROUTES = [
  'GET /',
  'GET /login',
  'POST /api/login',
  'GET /api/health',
  'GET /assets/:name',
]
export const LANG_COOKIE = 'bank_lang'

export interface BankAppOptions {
  db: BankDb
  metrics?: BankMetrics
  /** Serves GET /metrics on this app behind `Authorization: Bearer <token>`; null/absent: not served here. */
  metricsToken?: string | null
  /** Secure cookies need HTTPS; off only for local http (dev, tests). Default true. */
  cookieSecure?: boolean
  sessionTtlMs?: number
  /** Login attempts allowed per client IP and per login within the window. */
  loginRateLimit?: { max: number; windowMs: number }
  logger?: boolean
}

export interface BankAppContext {
  db: BankDb
  metrics: BankMetrics
  cookieSecure: boolean
  sessionTtlMs: number
  loginLimiter: ReturnType<typeof createRateLimiter>
}

const ASSETS: Record<string, { type: string; body: Buffer }> = {
  'bank.css': {
    type: 'text/css; charset=utf-8',
    body: readFileSync(new URL('./assets/bank.css', import.meta.url)),
  },
  'bank.js': {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(new URL('./assets/bank.js', import.meta.url)),
  },
}

export async function createBankApp(options: BankAppOptions): Promise<FastifyInstance> {
  const ctx: BankAppContext = {
    db: options.db,
    metrics: options.metrics ?? bankMetrics,
    cookieSecure: options.cookieSecure ?? true,
    sessionTtlMs: options.sessionTtlMs ?? 30 * 60_000,
    loginLimiter: createRateLimiter(
      options.loginRateLimit?.max ?? 10,
      options.loginRateLimit?.windowMs ?? 15 * 60_000,
    ),
  }
  const app = Fastify({
    logger: options.logger ?? false,
    genReqId: () => randomUUID(),
    bodyLimit: 64 * 1024,
  })
  const routes: { method: string; url: string }[] = []
  app.decorate('bankRoutes', routes)
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url })
  })
  await app.register(cookie)
  await app.register(helmet, {
    // Explicit policy (no helmet defaults): upgrade-insecure-requests would break plain-http dev setups.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
  })

  app.decorateRequest('bankSession', null)
  app.decorateRequest('bankSessionToken', null)
  app.decorateRequest('lang', 'ru')
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
    if (request.url.startsWith('/assets/')) return
    request.lang = resolveLang(request)
    const token = request.cookies[SESSION_COOKIE]
    if (token) {
      request.bankSessionToken = token
      request.bankSession = await findSession(ctx.db.pool, token)
    }
  })
  app.addHook('onResponse', async (request, reply) => {
    ctx.metrics.requests.inc({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    })
  })

  app.setErrorHandler((error, request, reply) => {
    const bankError = toBankError(error)
    ctx.metrics.failures.inc({ code: bankError.code })
    if (bankError.status >= 500) request.log.error({ err: error }, 'request failed')
    if (!isApi(request)) {
      return reply
        .status(bankError.status)
        .type('text/html; charset=utf-8')
        .send(errorPage(request, bankError).value)
    }
    return reply.status(bankError.status).send({
      error: {
        code: bankError.code,
        message: bankError.message,
        details: bankError.details,
        requestId: request.id,
      },
    })
  })
  app.setNotFoundHandler((request, reply) => {
    const error = new BankError(
      'BANK_NOT_FOUND',
      404,
      `No route ${request.method} ${request.url.split('?')[0]}`,
    )
    if (!isApi(request)) {
      return reply.status(404).type('text/html; charset=utf-8').send(errorPage(request, error).value)
    }
    return reply.status(404).send({
      error: { code: error.code, message: error.message, details: null, requestId: request.id },
    })
  })

  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const asset = ASSETS[request.params.name]
    if (!asset) throw new BankError('BANK_NOT_FOUND', 404, 'No such asset')
    return reply.type(asset.type).header('cache-control', 'public, max-age=300').send(asset.body)
  })
  app.get('/api/health', async () => ({ status: 'ok' }))
  if (options.metricsToken) {
    registerMetricsRoute(app, { registry: ctx.metrics.registry, token: options.metricsToken })
  }
  registerApiRoutes(app, ctx)
  registerPageRoutes(app, ctx)
  return app
}

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/')
}

function resolveLang(request: FastifyRequest): Lang {
  const query = request.query as Record<string, unknown> | undefined
  return parseLang(query?.lang) ?? parseLang(request.cookies[LANG_COOKIE]) ?? 'ru'
}

function toBankError(error: unknown): BankError {
  if (error instanceof BankError) return error
  const status = (error as { statusCode?: number }).statusCode
  // Fastify's own 4xx (malformed JSON, wrong content type, body too large) are the client's input errors.
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new BankError('BANK_VALIDATION', status, (error as Error).message)
  }
  return new BankError('BANK_INTERNAL', 500, 'Internal error')
}
