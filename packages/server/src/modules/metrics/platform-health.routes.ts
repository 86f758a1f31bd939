import { installPlatformHealthBodySchema, platformHealthSchema } from '@vitrina/contracts'
import type { AppInstance } from '../../http/app-types'
import { actorFrom } from '../../http/request-actor'
import type { PlatformHealthService } from './platform-health.service'

export function registerPlatformHealthRoutes(
  app: AppInstance,
  deps: { platformHealth: PlatformHealthService },
): void {
  app.post(
    '/api/admin/platform-health',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['monitoring'],
        body: installPlatformHealthBodySchema,
        response: { 201: platformHealthSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await deps.platformHealth.install(actorFrom(request), request.body)),
  )
}
