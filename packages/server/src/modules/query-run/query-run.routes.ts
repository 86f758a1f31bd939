import {
  cancelResultSchema,
  compiledSqlSchema,
  exportQueryBodySchema,
  type QueryRunResult,
  queryRunResultSchema,
  runIdParamsSchema,
  runQueryBodySchema,
} from '@vitrina/contracts'
import type { AppInstance } from '../../http/app-types'
import { actorFrom } from '../../http/request-actor'
import { sendExport } from './export-reply'
import type { QueryRunService } from './query-run.service'
import { runAnswerJson } from './run-answer'

export function registerQueryRunRoutes(app: AppInstance, deps: { queryRuns: QueryRunService }): void {
  const { queryRuns } = deps
  const tags = ['query']
  // Running, compiling, exporting and cancelling change no user, session or permission.
  const config = { keepsPrincipals: true }

  // Answered as text (run-answer.ts); the schema documents the shape (OpenAPI) and is what the text holds.
  app.post(
    '/api/query/run',
    { config, schema: { tags, body: runQueryBodySchema, response: { 200: queryRunResultSchema } } },
    async (request, reply) => {
      const text = runAnswerJson(await queryRuns.run(actorFrom(request), request.body))
      return reply.type('application/json; charset=utf-8').send(text as unknown as QueryRunResult)
    },
  )

  app.post(
    '/api/query/compile',
    { config, schema: { tags, body: runQueryBodySchema, response: { 200: compiledSqlSchema } } },
    (request) => queryRuns.compile(actorFrom(request), request.body),
  )

  app.post(
    '/api/query/runs/:runId/cancel',
    { config, schema: { tags, params: runIdParamsSchema, response: { 200: cancelResultSchema } } },
    async (request) => ({ cancelled: queryRuns.cancel(actorFrom(request), request.params.runId) }),
  )

  app.post(
    '/api/query/export',
    { config, schema: { tags, body: exportQueryBodySchema } },
    async (request, reply) => {
      const { format, fileName, ...input } = request.body
      const handle = await queryRuns.exportStream(actorFrom(request), {
        ...input,
        refresh: false,
      })
      return sendExport(reply, handle, { format, name: fileName ?? 'export' })
    },
  )
}
