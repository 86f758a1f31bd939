import fs from 'node:fs'
import path from 'node:path'
import cookie from '@fastify/cookie'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import { EMBED_DASHBOARD_PATH } from '@vitrina/contracts'
import Fastify, { type FastifyServerOptions } from 'fastify'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { instrumentHttp } from '../metrics/http-metrics'
import type { VitrinaMetrics } from '../metrics/registry'
import type { AuthService } from '../modules/auth/auth.service'
import type { Access, AppInstance } from './app-types'
import { createAuthHook } from './auth-hook'
import { handleError } from './error-handler'
import { registerSecurityHeaders } from './security-headers'

export interface HttpOptions {
  version: string
  bodyLimitBytes: number
  trustProxy: boolean
  /** Folder with the built SPA; null serves the API only. */
  webDir: string | null
  logger: FastifyServerOptions['loggerInstance'] | FastifyServerOptions['logger']
  /** Latency of every response goes to its histogram. */
  metrics: VitrinaMetrics
  /** Origins allowed to frame `/embed/` pages (`VITRINA_EMBED_ORIGINS`); every other page is never framed. */
  embedOrigins: string[]
}

export interface RegisteredRoute {
  method: string
  url: string
  access: Access
}

const registries = new WeakMap<object, RegisteredRoute[]>()

/** Every route the app registered, with its access level: the route-security test walks this list. */
export function registeredRoutes(app: AppInstance): RegisteredRoute[] {
  return registries.get(app) ?? []
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/

// The SPA needs no inline script; ECharts and Mantine set inline styles, hence style-src 'unsafe-inline'.
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  upgradeInsecureRequests: null,
}

/** `/embed/` pages may be framed by the configured origins; helmet's headers forbid it everywhere else. */
function allowEmbedFraming(app: AppInstance, origins: string[]): void {
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith(EMBED_DASHBOARD_PATH)) return
    const csp = reply.raw.getHeader('content-security-policy')
    if (typeof csp === 'string')
      reply.raw.setHeader(
        'content-security-policy',
        csp.replace("frame-ancestors 'none'", `frame-ancestors ${origins.join(' ')}`),
      )
    reply.raw.removeHeader('x-frame-options')
  })
}

/** The Fastify app without feature routes: plugins, hooks, errors, OpenAPI and the SPA. */
export async function createHttpApp(options: HttpOptions, auth: AuthService): Promise<AppInstance> {
  const loggerOptions =
    options.logger && typeof options.logger === 'object' && 'child' in options.logger
      ? { loggerInstance: options.logger as FastifyServerOptions['loggerInstance'] }
      : { logger: options.logger as FastifyServerOptions['logger'] }
  const app = Fastify({
    ...loggerOptions,
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy,
    // Embedding tokens (signed JWTs) travel as a path parameter.
    routerOptions: { maxParamLength: 4096 },
    requestIdHeader: 'x-request-id',
    genReqId: (req) => {
      const incoming = req.headers['x-request-id']
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID()
    },
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider() as unknown as AppInstance

  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  // Only JSON bodies: a text/plain body is what a cross-site HTML form can send without a CORS preflight.
  app.removeContentTypeParser('text/plain')
  app.decorateRequest('principal', null)
  const routes: RegisteredRoute[] = []
  registries.set(app, routes)
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      routes.push({ method, url: route.url, access: route.config?.access ?? 'viewer' })
    }
  })
  app.setErrorHandler(handleError)
  instrumentHttp(app, options.metrics)

  await app.register(cookie)
  registerSecurityHeaders(app, {
    contentSecurityPolicy: { directives: CSP },
    hsts: options.trustProxy ? { maxAge: 31_536_000 } : false,
    crossOriginEmbedderPolicy: false,
  })
  await app.register(swagger, {
    openapi: {
      info: { title: 'Vitrina API', version: options.version },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'vitrina_session' },
          apiKey: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  })

  app.addHook('onRequest', createAuthHook(auth))
  if (options.embedOrigins.length > 0) allowEmbedFraming(app, options.embedOrigins)
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store')
  })

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  const indexHtml = options.webDir ? path.join(options.webDir, 'index.html') : null
  if (options.webDir && indexHtml && fs.existsSync(indexHtml)) {
    await app.register(fastifyStatic, {
      root: options.webDir,
      wildcard: true,
      index: ['index.html'],
      setHeaders: (res, filePath) => {
        // Hashed assets never change; index.html must be revalidated so a deploy is picked up.
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`)
        res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    })
  }

  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/') && indexHtml !== null
    if (wantsPage && fs.existsSync(indexHtml)) {
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html')
    }
    return reply.code(404).send({
      error: {
        code: 'ROUTE_NOT_FOUND',
        message: `No route ${request.method} ${request.url.split('?')[0]}`,
        details: null,
        requestId: request.id,
      },
    })
  })

  return app
}
