import {
  apiDatasetSchema,
  auditPageSchema,
  createDatasetBodySchema,
  datasetChangesQuerySchema,
  datasetListSchema,
  datasetPermissionsSchema,
  putDatasetPermissionsBodySchema,
  updateDatasetBodySchema,
} from '@vitrina/contracts'
import { z } from 'zod'
import type { AppInstance } from '../../http/app-types'
import { actorFrom } from '../../http/request-actor'
import type { DatasetsService } from './datasets.service'

export const datasetParams = z.object({ id: z.string().max(100) })

export function registerDatasetRoutes(app: AppInstance, deps: { datasets: DatasetsService }): void {
  const tags = ['datasets']
  app.get(
    '/api/datasets',
    { config: { access: 'viewer' }, schema: { tags, response: { 200: datasetListSchema } } },
    async (request) => ({ datasets: await deps.datasets.list(actorFrom(request)) }),
  )
  app.post(
    '/api/datasets',
    {
      config: { access: 'analyst' },
      schema: { tags, body: createDatasetBodySchema, response: { 201: apiDatasetSchema } },
    },
    async (request, reply) =>
      reply.code(201).send(await deps.datasets.createEmpty(actorFrom(request), request.body)),
  )
  app.get(
    '/api/datasets/:id',
    {
      config: { access: 'viewer' },
      schema: { tags, params: datasetParams, response: { 200: apiDatasetSchema } },
    },
    async (request) => deps.datasets.get(actorFrom(request), request.params.id),
  )
  app.patch(
    '/api/datasets/:id',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        params: datasetParams,
        body: updateDatasetBodySchema,
        response: { 200: apiDatasetSchema },
      },
    },
    async (request) => deps.datasets.update(actorFrom(request), request.params.id, request.body),
  )
  app.get(
    '/api/datasets/:id/changes',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        params: datasetParams,
        querystring: datasetChangesQuerySchema,
        response: { 200: auditPageSchema },
      },
    },
    async (request) => deps.datasets.changes(actorFrom(request), request.params.id, request.query),
  )
  app.get(
    '/api/datasets/:id/permissions',
    {
      config: { access: 'admin' },
      schema: { tags, params: datasetParams, response: { 200: datasetPermissionsSchema } },
    },
    async (request) => ({ entries: await deps.datasets.permissions(actorFrom(request), request.params.id) }),
  )
  app.put(
    '/api/datasets/:id/permissions',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        params: datasetParams,
        body: putDatasetPermissionsBodySchema,
        response: { 200: datasetPermissionsSchema },
      },
    },
    async (request) => ({
      entries: await deps.datasets.setPermissions(
        actorFrom(request),
        request.params.id,
        request.body.entries,
      ),
    }),
  )
}
