import { Readable } from 'node:stream'
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
import type { Row } from '../../warehouse'
import { csvChunks } from './export-csv'
import { xlsxStream } from './export-xlsx'
import type { QueryRunService } from './query-run.service'
import { runError } from './run-errors'

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const

export function registerQueryRunRoutes(app: AppInstance, deps: { queryRuns: QueryRunService }): void {
  const { queryRuns } = deps
  const tags = ['query']
  // Running, compiling, exporting and cancelling change no user, session or permission.
  const config = { keepsPrincipals: true }

  // The answer is assembled as text around the cached JSON of the result: a cache hit neither parses
  // nor re-serialises its rows. The schema documents the shape (OpenAPI) and is what the text holds.
  app.post(
    '/api/query/run',
    { config, schema: { tags, body: runQueryBodySchema, response: { 200: queryRunResultSchema } } },
    async (request, reply) => {
      const { runId, compiled, outcome } = await queryRuns.run(actorFrom(request), request.body)
      const age = outcome.cached ? Math.max(0, Math.round((Date.now() - outcome.computedAt) / 1000)) : null
      const head = `{"runId":${JSON.stringify(runId)},"cached":${outcome.cached},"cacheAgeSeconds":${age},"compiled":${JSON.stringify(compiled)},`
      const text = head + outcome.bodyJson.slice(1)
      // Fastify sends a string with a JSON content type as it is (the typed send expects the object).
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
      const { stream, finished } = await queryRuns.exportStream(actorFrom(request), {
        ...input,
        refresh: false,
      })
      // The first batch is read before any header goes out, so a failing query still answers with its error.
      const iterator = stream[Symbol.asyncIterator]()
      let first: IteratorResult<Row[]>
      try {
        first = await iterator.next()
      } catch (err) {
        finished(0, err)
        throw runError(err)
      }
      async function* batches() {
        if (!first.done) yield first.value
        for (;;) {
          const next = await iterator.next()
          if (next.done) return
          yield next.value
        }
      }
      let rows = 0
      const count = (n: number) => {
        rows += n
      }
      const name = `${fileName || 'export'}.${format}`
      reply
        .header('content-type', CONTENT_TYPES[format])
        .header(
          'content-disposition',
          `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
      if (format === 'csv') {
        const body = Readable.from(csvChunks(() => stream.columns, batches(), count))
        body.on('end', () => finished(rows, null)).on('error', (err) => finished(rows, err))
        return reply.send(body)
      }
      return reply.send(
        xlsxStream(
          () => stream.columns,
          batches(),
          count,
          (err) => finished(rows, err),
        ),
      )
    },
  )
}
