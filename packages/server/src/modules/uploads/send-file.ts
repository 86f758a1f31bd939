import { createReadStream } from 'node:fs'
import type { FastifyReply } from 'fastify'

const TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  csv: 'text/csv; charset=utf-8',
}

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266), so Cyrillic names survive. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

export function contentTypeOf(fileName: string): string {
  const ext = fileName.split('.').pop()?.toLowerCase() ?? ''
  return TYPES[ext] ?? 'application/octet-stream'
}

export function sendFile(reply: FastifyReply, file: { path: string; fileName: string }) {
  return reply
    .header('content-type', contentTypeOf(file.fileName))
    .header('content-disposition', attachment(file.fileName))
    .send(createReadStream(file.path))
}
