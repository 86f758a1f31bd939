import type { IngestErrorCode } from '@vitrina/contracts'

/** Stable error codes of the ingest layer, listed in contracts (the web translates by code). Never rename one. */
export const INGEST_FILE_TOO_LARGE = 'INGEST_FILE_TOO_LARGE' satisfies IngestErrorCode
export const INGEST_ZIP_BOMB = 'INGEST_ZIP_BOMB' satisfies IngestErrorCode
export const INGEST_DTD_FORBIDDEN = 'INGEST_DTD_FORBIDDEN' satisfies IngestErrorCode
export const INGEST_ENCRYPTED = 'INGEST_ENCRYPTED' satisfies IngestErrorCode
export const INGEST_CORRUPT = 'INGEST_CORRUPT' satisfies IngestErrorCode
export const INGEST_TOO_MANY_COLUMNS = 'INGEST_TOO_MANY_COLUMNS' satisfies IngestErrorCode
export const INGEST_TOO_MANY_ROWS = 'INGEST_TOO_MANY_ROWS' satisfies IngestErrorCode
export const INGEST_TIMEOUT = 'INGEST_TIMEOUT' satisfies IngestErrorCode
export const INGEST_OUT_OF_MEMORY = 'INGEST_OUT_OF_MEMORY' satisfies IngestErrorCode
export const INGEST_UNSUPPORTED_FORMAT = 'INGEST_UNSUPPORTED_FORMAT' satisfies IngestErrorCode
export const INGEST_NO_HEADER = 'INGEST_NO_HEADER' satisfies IngestErrorCode
export const INGEST_EMPTY_FILE = 'INGEST_EMPTY_FILE' satisfies IngestErrorCode
export const INGEST_SHEET_NOT_FOUND = 'INGEST_SHEET_NOT_FOUND' satisfies IngestErrorCode

export { INGEST_ERROR_CODES, type IngestErrorCode } from '@vitrina/contracts'

/** Every failure to read a file surfaces as this; anything else escaping the package is a bug. */
export class IngestError extends Error {
  override readonly name = 'IngestError'
  constructor(
    readonly code: IngestErrorCode,
    message: string,
    readonly details: Record<string, unknown> | null = null,
  ) {
    super(message)
  }
}

export function isIngestError(e: unknown): e is IngestError {
  return e instanceof IngestError
}

export function assertUnreachable(x: never): never {
  throw new Error(`unreachable: ${String(x)}`)
}

/** Wraps an unexpected parser failure (from a library or a bad offset) as a corrupt-file error. */
export function asIngestError(e: unknown, fileName: string): IngestError {
  if (e instanceof IngestError) return e
  const reason = e instanceof Error ? e.message : String(e)
  return new IngestError(
    INGEST_CORRUPT,
    `File "${fileName}" is damaged or not a valid spreadsheet: ${reason}`,
    {
      fileName,
      reason,
    },
  )
}
