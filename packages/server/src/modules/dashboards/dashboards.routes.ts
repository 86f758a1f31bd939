import {
  apiDashboardSchema,
  apiDashboardSummarySchema,
  dashboardBodySchema,
  dashboardListQuerySchema,
} from '@vitrina/contracts'
import { z } from 'zod'
import type { AppInstance } from '../../http/app-types'
import { actorFrom } from '../../http/request-actor'
import type { DashboardsService } from './dashboards.service'

const idParams = z.object({ id: z.string().max(100) })
const tags = ['dashboards']

/** Dashboards: reading needs view on the collection, writing is for analysts with edit on it. */
export function registerDashboardRoutes(app: AppInstance, deps: { dashboards: DashboardsService }): void {
  const viewer = { access: 'viewer' } as const
  const analyst = { access: 'analyst' } as const
  app.get(
    '/api/dashboards',
    {
      config: viewer,
      schema: {
        tags,
        querystring: dashboardListQuerySchema,
        response: { 200: z.object({ dashboards: z.array(apiDashboardSummarySchema) }) },
      },
    },
    async (request) => ({ dashboards: await deps.dashboards.list(actorFrom(request), request.query) }),
  )
  app.get(
    '/api/dashboards/:id',
    { config: viewer, schema: { tags, params: idParams, response: { 200: apiDashboardSchema } } },
    async (request) => deps.dashboards.get(actorFrom(request), request.params.id),
  )
  app.post(
    '/api/dashboards',
    { config: analyst, schema: { tags, body: dashboardBodySchema, response: { 201: apiDashboardSchema } } },
    async (request, reply) =>
      reply.code(201).send(await deps.dashboards.create(actorFrom(request), request.body)),
  )
  app.put(
    '/api/dashboards/:id',
    {
      config: analyst,
      schema: { tags, params: idParams, body: dashboardBodySchema, response: { 200: apiDashboardSchema } },
    },
    async (request) => deps.dashboards.update(actorFrom(request), request.params.id, request.body),
  )
  app.delete(
    '/api/dashboards/:id',
    { config: analyst, schema: { tags, params: idParams } },
    async (request, reply) => {
      await deps.dashboards.delete(actorFrom(request), request.params.id)
      return reply.code(204).send()
    },
  )
}
