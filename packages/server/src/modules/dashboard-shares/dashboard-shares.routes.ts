import {
  apiShareSchema,
  createdShareSchema,
  createShareBodySchema,
  embeddingSettingsSchema,
} from '@vitrina/contracts'
import { z } from 'zod'
import type { AppInstance } from '../../http/app-types'
import { actorFrom } from '../../http/request-actor'
import type { DashboardSharesService } from './dashboard-shares.service'
import type { EmbeddingService } from './embedding.service'

const dashboardParams = z.object({ id: z.string().max(100) })
const shareParams = dashboardParams.extend({ shareId: z.string().max(100) })

/** Editors manage a dashboard's public links; admins manage the embedding secret. */
export function registerDashboardShareRoutes(
  app: AppInstance,
  deps: { shares: DashboardSharesService; embedding: EmbeddingService },
): void {
  const analyst = { access: 'analyst' } as const
  const admin = { access: 'admin' } as const
  const tags = ['sharing']
  app.get(
    '/api/dashboards/:id/shares',
    {
      config: analyst,
      schema: {
        tags,
        params: dashboardParams,
        response: { 200: z.object({ shares: z.array(apiShareSchema) }) },
      },
    },
    async (request) => ({ shares: await deps.shares.list(actorFrom(request), request.params.id) }),
  )
  app.post(
    '/api/dashboards/:id/shares',
    {
      config: analyst,
      schema: {
        tags,
        params: dashboardParams,
        body: createShareBodySchema,
        response: { 201: createdShareSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await deps.shares.create(actorFrom(request), request.params.id, request.body)),
  )
  app.delete(
    '/api/dashboards/:id/shares/:shareId',
    {
      config: analyst,
      schema: { tags, params: shareParams, response: { 200: z.object({ share: apiShareSchema }) } },
    },
    async (request) => ({
      share: await deps.shares.revoke(actorFrom(request), request.params.id, request.params.shareId),
    }),
  )
  app.get(
    '/api/admin/embedding',
    { config: admin, schema: { tags, response: { 200: embeddingSettingsSchema } } },
    async () => deps.embedding.get(),
  )
  app.post(
    '/api/admin/embedding/secret',
    { config: admin, schema: { tags, response: { 200: embeddingSettingsSchema } } },
    async (request) => deps.embedding.rotate(actorFrom(request)),
  )
}
