import { Readable } from 'node:stream'
import type { ExportFormat } from '@vitrina/contracts'
import type { FastifyReply } from 'fastify'
import type { QueryStream, Row } from '../../warehouse'
import { csvChunks } from './export-csv'
import { xlsxStream } from './export-xlsx'
import { runError } from './run-errors'

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const

/**
 * Sends an export stream as a file download (query exports, dashboard cards). The first batch is read
 * before any header goes out, so a failing query still answers with its error code.
 */
export async function sendExport(
  reply: FastifyReply,
  handle: { stream: QueryStream; finished(rows: number, error: unknown): void },
  file: { format: ExportFormat; name: string },
): Promise<FastifyReply> {
  const { stream, finished } = handle
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
  const name = `${file.name || 'export'}.${file.format}`
  reply
    .header('content-type', CONTENT_TYPES[file.format])
    .header(
      'content-disposition',
      `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
  if (file.format === 'csv') {
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
}
