import multipart from '@fastify/multipart'
import {
  apiBatchSchema,
  apiPreviewSchema,
  apiUploadSchema,
  batchListSchema,
  confirmDuplicateQuerySchema,
  createdFromUploadSchema,
  createFromUploadBodySchema,
  importStartedSchema,
  previewBodySchema,
  quarantinePageSchema,
  quarantineQuerySchema,
  startImportBodySchema,
  validationReportSchema,
} from '@vitrina/contracts'
import { z } from 'zod'
import type { AppInstance } from '../../http/app-types'
import { AppError } from '../../http/errors'
import { actorFrom } from '../../http/request-actor'
import { datasetParams } from '../datasets/datasets.routes'
import type { ImportsService } from './imports.service'
import { sendFile } from './send-file'
import { fileTooLarge } from './upload-storage'
import type { UploadsService } from './uploads.service'

const uploadParams = z.object({ id: z.string().max(100) })
const batchParams = z.object({ id: z.string().max(100), batchId: z.string().max(100) })
const quarantineParams = z.object({ id: z.string().max(100), rowId: z.string().max(100) })

export function registerUploadRoutes(
  app: AppInstance,
  deps: { uploads: UploadsService; imports: ImportsService; maxBytes: number },
): void {
  const tags = ['datasets']
  // Multipart is parsed only in this scope: the rest of the API stays JSON-only.
  app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: deps.maxBytes, files: 1, fields: 10, parts: 12 },
    })
    scope.post(
      '/api/uploads',
      { config: { access: 'viewer' }, schema: { tags, response: { 201: apiUploadSchema } } },
      async (request, reply) => {
        if (!request.isMultipart())
          throw new AppError(
            400,
            'UPLOAD_NO_FILE',
            'Send the file as multipart/form-data in the field "file"',
          )
        const file = await request.file()
        if (!file) throw new AppError(400, 'UPLOAD_NO_FILE', 'The request has no file')
        try {
          return reply.code(201).send(await deps.uploads.receive(actorFrom(request), file))
        } catch (e) {
          if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(deps.maxBytes)
          throw e
        }
      },
    )
  })

  app.post(
    '/api/uploads/:id/preview',
    {
      config: { access: 'viewer' },
      schema: { tags, params: uploadParams, body: previewBodySchema, response: { 200: apiPreviewSchema } },
    },
    async (request) => deps.uploads.preview(actorFrom(request), request.params.id, request.body),
  )
  app.post(
    '/api/datasets/from-upload',
    {
      config: { access: 'analyst' },
      schema: { tags, body: createFromUploadBodySchema, response: { 202: createdFromUploadSchema } },
    },
    async (request, reply) =>
      reply.code(202).send(await deps.imports.createFromUpload(actorFrom(request), request.body)),
  )
  app.post(
    '/api/datasets/:id/imports',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        params: datasetParams,
        querystring: confirmDuplicateQuerySchema,
        body: startImportBodySchema,
        response: { 202: importStartedSchema },
      },
    },
    async (request, reply) => {
      const batch = await deps.imports.start(
        actorFrom(request),
        request.params.id,
        request.body,
        request.query.confirmDuplicate === 'true',
      )
      return reply.code(202).send({ batch })
    },
  )
  app.get(
    '/api/datasets/:id/batches',
    {
      config: { access: 'viewer' },
      schema: { tags, params: datasetParams, response: { 200: batchListSchema } },
    },
    async (request) => ({ batches: await deps.imports.batches(actorFrom(request), request.params.id) }),
  )
  app.get(
    '/api/datasets/:id/batches/:batchId',
    {
      config: { access: 'viewer' },
      schema: { tags, params: batchParams, response: { 200: apiBatchSchema } },
    },
    async (request) => deps.imports.batch(actorFrom(request), request.params.id, request.params.batchId),
  )
  app.get(
    '/api/datasets/:id/batches/:batchId/events',
    { config: { access: 'viewer' }, schema: { tags, params: batchParams } },
    async (request, reply) => {
      const actor = actorFrom(request)
      const { id, batchId } = request.params
      await deps.imports.batch(actor, id, batchId)
      reply.hijack()
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // Reverse proxies (nginx) must pass events on as they come.
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      })
      let open = true
      request.raw.on('close', () => {
        open = false
      })
      try {
        await deps.imports.follow(actor, id, batchId, (b) => {
          if (!open) return false
          reply.raw.write(`event: progress\ndata: ${JSON.stringify(b)}\n\n`)
          return true
        })
      } finally {
        reply.raw.end()
      }
    },
  )
  app.get(
    '/api/datasets/:id/batches/:batchId/report',
    {
      config: { access: 'viewer' },
      schema: { tags, params: batchParams, response: { 200: validationReportSchema } },
    },
    async (request) => deps.imports.report(actorFrom(request), request.params.id, request.params.batchId),
  )
  app.get(
    '/api/datasets/:id/batches/:batchId/error-report',
    { config: { access: 'viewer' }, schema: { tags, params: batchParams } },
    async (request, reply) =>
      sendFile(
        reply,
        await deps.imports.errorReportFile(actorFrom(request), request.params.id, request.params.batchId),
      ),
  )
  app.get(
    '/api/datasets/:id/batches/:batchId/original',
    { config: { access: 'viewer' }, schema: { tags, params: batchParams } },
    async (request, reply) =>
      sendFile(
        reply,
        await deps.imports.originalFile(actorFrom(request), request.params.id, request.params.batchId),
      ),
  )
  app.post(
    '/api/datasets/:id/batches/:batchId/rollback',
    {
      config: { access: 'viewer' },
      schema: { tags, params: batchParams, response: { 200: apiBatchSchema } },
    },
    async (request) => deps.imports.rollback(actorFrom(request), request.params.id, request.params.batchId),
  )
  app.get(
    '/api/datasets/:id/quarantine',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        params: datasetParams,
        querystring: quarantineQuerySchema,
        response: { 200: quarantinePageSchema },
      },
    },
    async (request) => deps.imports.quarantine(actorFrom(request), request.params.id, request.query),
  )
  app.delete(
    '/api/datasets/:id/quarantine/:rowId',
    { config: { access: 'viewer' }, schema: { tags, params: quarantineParams } },
    async (request, reply) => {
      await deps.imports.dismissQuarantined(actorFrom(request), request.params.id, request.params.rowId)
      return reply.code(204).send()
    },
  )
}
