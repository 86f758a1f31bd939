import {
  dashboardFilterValuesBodySchema,
  dashboardFilterValuesSchema,
  type PublicDashboard,
  publicCardResultSchema,
  publicCardRunBodySchema,
  publicDashboardSchema,
} from '@vitrina/contracts'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { AppInstance } from '../../http/app-types'
import { AppError } from '../../http/errors'
import type { RateLimiter } from '../../lib/rate-limiter'
import type { PublicDashboardsService } from './public-dashboards.service'

// Embedding tokens are JWTs, longer than a link token; the app's maxParamLength allows them.
const tokenParams = z.object({ token: z.string().min(1).max(4096) })
const cardParams = tokenParams.extend({ cardId: z.string().max(64) })
const filterParams = tokenParams.extend({ filterId: z.string().max(64) })

/**
 * The only dashboard routes anyone may call without signing in (listed in route-security.int.test.ts):
 * a public link or an embedding token is the credential, and every call is counted per IP address.
 */
export function registerPublicDashboardRoutes(
  app: AppInstance,
  deps: { publicDashboards: PublicDashboardsService; limiter: RateLimiter },
): void {
  const limit = async (request: FastifyRequest, reply: FastifyReply) => {
    const wait = deps.limiter.hit(request.ip)
    if (wait > 0) {
      reply.header('retry-after', String(wait))
      throw new AppError(429, 'RATE_LIMITED', `Too many requests; try again in ${wait} s`)
    }
  }
  const routes: { prefix: string; kind: PublicDashboard['kind'] }[] = [
    { prefix: '/api/public/dashboards', kind: 'link' },
    { prefix: '/api/embed/dashboards', kind: 'embed' },
  ]
  for (const { prefix, kind } of routes) {
    const config = { access: 'public', keepsPrincipals: true } as const
    const tags = ['public']
    app.get(
      `${prefix}/:token`,
      {
        config,
        onRequest: limit,
        schema: { tags, params: tokenParams, response: { 200: publicDashboardSchema } },
      },
      async (request) => deps.publicDashboards.definition(kind, request.params.token, request.ip),
    )
    app.post(
      `${prefix}/:token/cards/:cardId/run`,
      {
        config,
        onRequest: limit,
        schema: {
          tags,
          params: cardParams,
          body: publicCardRunBodySchema,
          response: { 200: publicCardResultSchema },
        },
      },
      async (request) =>
        deps.publicDashboards.runCard(
          kind,
          request.params.token,
          request.params.cardId,
          request.body,
          request.ip,
        ),
    )
    app.post(
      `${prefix}/:token/filters/:filterId/values`,
      {
        config,
        onRequest: limit,
        schema: {
          tags,
          params: filterParams,
          body: dashboardFilterValuesBodySchema,
          response: { 200: dashboardFilterValuesSchema },
        },
      },
      async (request) =>
        deps.publicDashboards.filterValues(
          kind,
          request.params.token,
          request.params.filterId,
          request.body,
          request.ip,
        ),
    )
  }
}
