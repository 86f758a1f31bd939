import {
  adminApiKeySchema,
  apiKeySchema,
  createApiKeyBodySchema,
  createdApiKeySchema,
} from '@vitrina/contracts'
import { z } from 'zod'
import type { AppInstance } from '../../http/app-types'
import { actorFrom } from '../../http/request-actor'
import type { ApiKeysService } from './api-keys.service'

const idParams = z.object({ id: z.string().max(100) })

export function registerApiKeyRoutes(app: AppInstance, deps: { apiKeys: ApiKeysService }): void {
  app.get(
    '/api/me/api-keys',
    { schema: { tags: ['api-keys'], response: { 200: z.object({ keys: z.array(apiKeySchema) }) } } },
    async (request) => ({ keys: await deps.apiKeys.list(actorFrom(request)) }),
  )

  app.post(
    '/api/me/api-keys',
    { schema: { tags: ['api-keys'], body: createApiKeyBodySchema, response: { 201: createdApiKeySchema } } },
    async (request, reply) => {
      const created = await deps.apiKeys.create(
        actorFrom(request),
        request.body.name,
        request.body.expiresInDays,
      )
      return reply.code(201).send(created)
    },
  )

  app.delete(
    '/api/me/api-keys/:id',
    { schema: { tags: ['api-keys'], params: idParams, response: { 200: z.object({ key: apiKeySchema }) } } },
    async (request) => ({ key: await deps.apiKeys.revoke(actorFrom(request), request.params.id) }),
  )

  app.get(
    '/api/admin/api-keys',
    {
      config: { access: 'admin' },
      schema: { tags: ['admin'], response: { 200: z.object({ keys: z.array(adminApiKeySchema) }) } },
    },
    async () => ({ keys: await deps.apiKeys.listAll() }),
  )

  app.delete(
    '/api/admin/api-keys/:id',
    { config: { access: 'admin' }, schema: { tags: ['admin'], params: idParams } },
    async (request, reply) => {
      await deps.apiKeys.revokeAny(actorFrom(request), request.params.id)
      return reply.code(204).send()
    },
  )
}
