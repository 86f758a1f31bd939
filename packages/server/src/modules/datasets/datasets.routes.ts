import {
  addColumnBodySchema,
  apiDatasetSchema,
  auditPageSchema,
  createDatasetBodySchema,
  datasetChangesQuerySchema,
  datasetListSchema,
  datasetPermissionsSchema,
  deleteDatasetQuerySchema,
  linkDatasetBodySchema,
  putDatasetPermissionsBodySchema,
  updateDatasetBodySchema,
} from '@vitrina/contracts'
import { z } from 'zod'
import type { AppInstance } from '../../http/app-types'
import { actorFrom } from '../../http/request-actor'
import type { DatasetSchemaChanges } from './dataset-schema'
import type { DatasetsService } from './datasets.service'
import type { LinkedDatasets } from './linked-datasets'

export const datasetParams = z.object({ id: z.string().max(100) })

export function registerDatasetRoutes(
  app: AppInstance,
  deps: { datasets: DatasetsService; schema: DatasetSchemaChanges; linked: LinkedDatasets },
): void {
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
  app.post(
    '/api/datasets/linked',
    {
      config: { access: 'admin' },
      schema: { tags, body: linkDatasetBodySchema, response: { 201: apiDatasetSchema } },
    },
    async (request, reply) => reply.code(201).send(await deps.linked.link(actorFrom(request), request.body)),
  )
  app.post(
    '/api/datasets/:id/sync',
    {
      config: { access: 'admin' },
      schema: { tags, params: datasetParams, response: { 200: apiDatasetSchema } },
    },
    async (request) => deps.linked.sync(actorFrom(request), request.params.id),
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
  app.delete(
    '/api/datasets/:id',
    {
      config: { access: 'viewer' },
      schema: { tags, params: datasetParams, querystring: deleteDatasetQuerySchema },
    },
    async (request, reply) => {
      await deps.schema.remove(actorFrom(request), request.params.id, request.query.force === 'true')
      return reply.code(204).send()
    },
  )
  app.post(
    '/api/datasets/:id/columns',
    {
      config: { access: 'viewer' },
      schema: { tags, params: datasetParams, body: addColumnBodySchema, response: { 200: apiDatasetSchema } },
    },
    async (request) => deps.schema.addColumn(actorFrom(request), request.params.id, request.body),
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
