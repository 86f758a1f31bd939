import {
  changePasswordBodySchema,
  localeSchema,
  loginBodySchema,
  type Me,
  meSchema,
  setupBodySchema,
  setupStatusSchema,
} from '@vitrina/contracts'
import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Config } from '../../config/config'
import type { AppInstance } from '../../http/app-types'
import { AppError } from '../../http/errors'
import { principalFrom } from '../../http/request-actor'
import type { RateLimiter } from '../../lib/rate-limiter'
import { presentSessionUser } from '../users/users.presenter'
import type { UsersRepo } from '../users/users.repo'
import type { AuthService, IssuedSession, RequestContext } from './auth.service'
import { clearSessionCookie, setSessionCookie } from './session-cookie'

interface Deps {
  auth: AuthService
  users: UsersRepo
  config: Pick<Config, 'cookieSecure'>
  loginLimiter: RateLimiter
}

const contextOf = (request: FastifyRequest): RequestContext => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
})

export function registerAuthRoutes(app: AppInstance, deps: Deps): void {
  function limitByIp(request: FastifyRequest): void {
    const wait = deps.loginLimiter.hit(request.ip)
    if (wait > 0) {
      throw new AppError(429, 'RATE_LIMITED', 'Too many requests; slow down', { retryAfterSeconds: wait })
    }
  }

  /** The body of a successful setup or login: who is signed in, and the CSRF token for this session. */
  async function meOf(session: IssuedSession): Promise<Me> {
    return {
      user: presentSessionUser(await deps.users.getDetail(session.userId)),
      csrfToken: session.csrfToken,
    }
  }

  app.get(
    '/api/setup/status',
    { config: { access: 'public' }, schema: { tags: ['auth'], response: { 200: setupStatusSchema } } },
    async () => ({ needsSetup: await deps.auth.needsSetup() }),
  )

  app.post(
    '/api/setup',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], body: setupBodySchema, response: { 201: meSchema } },
    },
    async (request, reply) => {
      limitByIp(request)
      const session = await deps.auth.setup(request.body, contextOf(request))
      setSessionCookie(request, reply, session, deps.config.cookieSecure)
      return reply.code(201).send(await meOf(session))
    },
  )

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], body: loginBodySchema, response: { 200: meSchema } },
    },
    async (request, reply) => {
      limitByIp(request)
      const session = await deps.auth.login(request.body, contextOf(request))
      setSessionCookie(request, reply, session, deps.config.cookieSecure)
      return meOf(session)
    },
  )

  app.post('/api/auth/logout', { schema: { tags: ['auth'] } }, async (request, reply) => {
    await deps.auth.logout(principalFrom(request), request.ip)
    clearSessionCookie(request, reply, deps.config.cookieSecure)
    return reply.code(204).send()
  })

  app.get('/api/auth/me', { schema: { tags: ['auth'], response: { 200: meSchema } } }, async (request) => {
    const principal = principalFrom(request)
    return { user: principal.user, csrfToken: principal.session?.csrfToken ?? null }
  })

  app.patch(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        body: z.object({ locale: localeSchema.nullable() }),
        response: { 200: meSchema },
      },
    },
    async (request) => {
      const principal = principalFrom(request)
      await deps.users.update(principal.user.id, { locale: request.body.locale })
      return {
        user: { ...principal.user, locale: request.body.locale },
        csrfToken: principal.session?.csrfToken ?? null,
      }
    },
  )

  app.post(
    '/api/auth/password',
    { schema: { tags: ['auth'], body: changePasswordBodySchema } },
    async (request, reply) => {
      limitByIp(request)
      await deps.auth.changePassword(
        principalFrom(request),
        request.body.currentPassword,
        request.body.newPassword,
        request.ip,
      )
      return reply.code(204).send()
    },
  )
}
