import type { ErrorCode } from '@vitrina/contracts'
import { isIngestError } from '@vitrina/ingest'
import { AppError } from '../../http/errors'

const STATUS: Partial<Record<ErrorCode, number>> = {
  INGEST_FILE_TOO_LARGE: 413,
  INGEST_OUT_OF_MEMORY: 413,
  INGEST_UNSUPPORTED_FORMAT: 415,
  INGEST_TIMEOUT: 422,
}

/** A file-reading failure as the API answers it: 4xx with the ingest code, its message and details. */
export function fromIngestError(e: unknown): unknown {
  if (!isIngestError(e)) return e
  return new AppError(STATUS[e.code] ?? 400, e.code, e.message, e.details)
}

/** Code and message of any failure, for a batch that failed after it started. */
export function failureOf(e: unknown): { code: string; message: string } {
  const mapped = fromIngestError(e)
  if (mapped instanceof AppError) return { code: mapped.code, message: mapped.message }
  return { code: 'INTERNAL', message: mapped instanceof Error ? mapped.message : String(mapped) }
}
