import { apiCollectionSchema, collectionBodySchema, collectionPermissionsSchema } from '@vitrina/contracts'
import { z } from 'zod'
import type { AppInstance } from '../../http/app-types'
import { actorFrom } from '../../http/request-actor'
import type { CollectionsService } from './collections.service'

const idParams = z.object({ id: z.string().max(100) })
const tags = ['questions']

/** Collections: any signed-in user lists what they may see; the service checks view/edit grants. */
export function registerCollectionRoutes(app: AppInstance, deps: { collections: CollectionsService }): void {
  const viewer = { access: 'viewer' } as const
  const analyst = { access: 'analyst' } as const
  app.get(
    '/api/collections',
    {
      config: viewer,
      schema: { tags, response: { 200: z.object({ collections: z.array(apiCollectionSchema) }) } },
    },
    async (request) => ({ collections: await deps.collections.list(actorFrom(request)) }),
  )
  app.get(
    '/api/collections/:id',
    { config: viewer, schema: { tags, params: idParams, response: { 200: apiCollectionSchema } } },
    async (request) => deps.collections.get(actorFrom(request), request.params.id),
  )
  app.post(
    '/api/collections',
    { config: analyst, schema: { tags, body: collectionBodySchema, response: { 201: apiCollectionSchema } } },
    async (request, reply) =>
      reply.code(201).send(await deps.collections.create(actorFrom(request), request.body)),
  )
  app.put(
    '/api/collections/:id',
    {
      config: analyst,
      schema: { tags, params: idParams, body: collectionBodySchema, response: { 200: apiCollectionSchema } },
    },
    async (request) => deps.collections.update(actorFrom(request), request.params.id, request.body),
  )
  app.delete(
    '/api/collections/:id',
    { config: analyst, schema: { tags, params: idParams } },
    async (request, reply) => {
      await deps.collections.delete(actorFrom(request), request.params.id)
      return reply.code(204).send()
    },
  )
  app.get(
    '/api/collections/:id/permissions',
    { config: analyst, schema: { tags, params: idParams, response: { 200: collectionPermissionsSchema } } },
    async (request) => deps.collections.permissions(actorFrom(request), request.params.id),
  )
  app.put(
    '/api/collections/:id/permissions',
    {
      config: analyst,
      schema: {
        tags,
        params: idParams,
        body: collectionPermissionsSchema,
        response: { 200: collectionPermissionsSchema },
      },
    },
    async (request) =>
      deps.collections.setPermissions(actorFrom(request), request.params.id, request.body.grants),
  )
}
