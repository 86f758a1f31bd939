import {
  apiSourceSchema,
  createSourceBodySchema,
  sourceCacheStatsSchema,
  sourceCatalogSchema,
  sourceConnectionSchema,
  sourceIdParamsSchema,
  sourceListSchema,
  sourcePermissionsSchema,
  sourceTestResultSchema,
  updateSourceBodySchema,
} from '@vitrina/contracts'
import type { AppInstance } from '../../http/app-types'
import { actorFrom } from '../../http/request-actor'
import type { SourcesService } from './sources.service'

/** Thin: access, schema, call. Non-admin routes check the source permission in the service. */
export function registerSourceRoutes(app: AppInstance, deps: { sources: SourcesService }): void {
  const { sources } = deps
  const params = sourceIdParamsSchema
  const admin = { access: 'admin' as const }
  const tags = ['sources']

  app.get('/api/sources', { schema: { tags, response: { 200: sourceListSchema } } }, async (request) => ({
    sources: await sources.list(actorFrom(request)),
  }))

  app.get('/api/sources/:id', { schema: { tags, params, response: { 200: apiSourceSchema } } }, (request) =>
    sources.get(actorFrom(request), request.params.id),
  )

  app.post(
    '/api/sources',
    { config: admin, schema: { tags, body: createSourceBodySchema, response: { 201: apiSourceSchema } } },
    async (request, reply) => reply.code(201).send(await sources.create(actorFrom(request), request.body)),
  )

  app.patch(
    '/api/sources/:id',
    {
      config: admin,
      schema: { tags, params, body: updateSourceBodySchema, response: { 200: apiSourceSchema } },
    },
    (request) => sources.update(actorFrom(request), request.params.id, request.body),
  )

  app.delete('/api/sources/:id', { config: admin, schema: { tags, params } }, async (request, reply) => {
    await sources.remove(actorFrom(request), request.params.id)
    return reply.code(204).send()
  })

  app.post(
    '/api/sources/test',
    {
      config: admin,
      schema: { tags, body: sourceConnectionSchema, response: { 200: sourceTestResultSchema } },
    },
    (request) => sources.testConnection(request.body),
  )

  app.post(
    '/api/sources/:id/test',
    { config: admin, schema: { tags, params, response: { 200: sourceTestResultSchema } } },
    (request) => sources.testSource(request.params.id),
  )

  app.get(
    '/api/sources/:id/catalog',
    { schema: { tags, params, response: { 200: sourceCatalogSchema } } },
    (request) => sources.catalog(actorFrom(request), request.params.id),
  )

  app.post(
    '/api/sources/:id/sync',
    { config: admin, schema: { tags, params, response: { 200: sourceCatalogSchema } } },
    (request) => sources.sync(request.params.id),
  )

  app.get(
    '/api/sources/:id/permissions',
    { config: admin, schema: { tags, params, response: { 200: sourcePermissionsSchema } } },
    async (request) => ({ permissions: await sources.permissions(request.params.id) }),
  )

  app.put(
    '/api/sources/:id/permissions',
    {
      config: admin,
      schema: { tags, params, body: sourcePermissionsSchema, response: { 200: sourcePermissionsSchema } },
    },
    async (request) => ({
      permissions: await sources.setPermissions(
        actorFrom(request),
        request.params.id,
        request.body.permissions,
      ),
    }),
  )

  app.get(
    '/api/sources/:id/cache',
    { config: admin, schema: { tags, params, response: { 200: sourceCacheStatsSchema } } },
    (request) => sources.cacheStats(request.params.id),
  )

  app.delete(
    '/api/sources/:id/cache',
    { config: admin, schema: { tags, params, response: { 200: sourceCacheStatsSchema } } },
    async (request) => {
      await sources.clearCache(actorFrom(request), request.params.id)
      return sources.cacheStats(request.params.id)
    },
  )
}
