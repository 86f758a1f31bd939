import { createReadStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import {
  addRowBodySchema,
  apiRowSchema,
  bulkDeleteBodySchema,
  bulkDeleteResultSchema,
  deleteRowBodySchema,
  exportQuerySchema,
  rowsPageSchema,
  rowsQuerySchema,
  updateRowBodySchema,
} from '@vitrina/contracts'
import type { FastifyReply } from 'fastify'
import { z } from 'zod'
import type { AppInstance } from '../../http/app-types'
import { actorFrom } from '../../http/request-actor'
import { datasetParams } from '../datasets/datasets.routes'
import { attachment, contentTypeOf } from '../uploads/send-file'
import type { Download, ExportService } from './export.service'
import type { RowsService } from './rows.service'

const rowParams = z.object({ id: z.string().max(100), rowId: z.string().max(100) })

function sendDownload(reply: FastifyReply, d: Download) {
  reply
    .header('content-type', contentTypeOf(d.fileName))
    .header('content-disposition', attachment(d.fileName))
  if (d.kind === 'stream') return reply.send(d.stream)
  const stream = createReadStream(d.path)
  stream.on('close', () => void rm(d.path, { force: true }))
  return reply.send(stream)
}

export function registerRowRoutes(
  app: AppInstance,
  deps: { rows: RowsService; exports: ExportService },
): void {
  const tags = ['datasets']
  const access = { access: 'viewer' } as const
  app.post(
    '/api/datasets/:id/rows/query',
    {
      config: access,
      schema: { tags, params: datasetParams, body: rowsQuerySchema, response: { 200: rowsPageSchema } },
    },
    async (request) => deps.rows.query(actorFrom(request), request.params.id, request.body),
  )
  app.post(
    '/api/datasets/:id/rows',
    {
      config: access,
      schema: { tags, params: datasetParams, body: addRowBodySchema, response: { 201: apiRowSchema } },
    },
    async (request, reply) =>
      reply.code(201).send(await deps.rows.add(actorFrom(request), request.params.id, request.body.values)),
  )
  app.patch(
    '/api/datasets/:id/rows/:rowId',
    {
      config: access,
      schema: { tags, params: rowParams, body: updateRowBodySchema, response: { 200: apiRowSchema } },
    },
    async (request) =>
      deps.rows.update(actorFrom(request), request.params.id, request.params.rowId, request.body),
  )
  app.delete(
    '/api/datasets/:id/rows/:rowId',
    { config: access, schema: { tags, params: rowParams, body: deleteRowBodySchema } },
    async (request, reply) => {
      await deps.rows.delete(
        actorFrom(request),
        request.params.id,
        request.params.rowId,
        request.body.expected,
      )
      return reply.code(204).send()
    },
  )
  app.post(
    '/api/datasets/:id/rows/delete',
    {
      config: access,
      schema: {
        tags,
        params: datasetParams,
        body: bulkDeleteBodySchema,
        response: { 200: bulkDeleteResultSchema },
      },
    },
    async (request) => deps.rows.bulkDelete(actorFrom(request), request.params.id, request.body.rows),
  )
  app.get(
    '/api/datasets/:id/export',
    { config: access, schema: { tags, params: datasetParams, querystring: exportQuerySchema } },
    async (request, reply) =>
      sendDownload(
        reply,
        await deps.exports.export(
          actorFrom(request),
          request.params.id,
          request.query.format,
          request.query.query,
        ),
      ),
  )
  app.get(
    '/api/datasets/:id/template',
    { config: access, schema: { tags, params: datasetParams } },
    async (request, reply) =>
      sendDownload(reply, await deps.exports.template(actorFrom(request), request.params.id)),
  )
}
