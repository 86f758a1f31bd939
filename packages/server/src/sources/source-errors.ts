import type { SourceErrorCode } from '@vitrina/contracts'
import { AppError } from '../http/errors'

const STATUS: Record<SourceErrorCode, number> = {
  SOURCE_NOT_FOUND: 404,
  SOURCE_BUILT_IN: 400,
  SOURCE_IS_SYSTEM_DB: 400,
  SOURCE_NAME_TAKEN: 409,
  SOURCE_UNREACHABLE: 502,
  SOURCE_AUTH_FAILED: 502,
  SOURCE_DATABASE_NOT_FOUND: 502,
  SOURCE_FILE_NOT_FOUND: 400,
  SOURCE_TLS_FAILED: 502,
  SOURCE_CONNECTION_FAILED: 502,
  SOURCE_SECRET_KEY_MISMATCH: 500,
  SOURCE_ACCESS_DENIED: 403,
  SOURCE_SQL_DENIED: 403,
  QUERY_TIMEOUT: 504,
  QUERY_CANCELLED: 499,
  QUERY_FAILED: 400,
  QUERY_RUN_NOT_FOUND: 404,
}

/** A source or execution failure with its stable code; the HTTP status follows from the code. */
export class SourceError extends AppError {
  declare readonly code: SourceErrorCode
  constructor(code: SourceErrorCode, message: string, details: unknown = null) {
    super(STATUS[code], code, message, details)
    this.name = 'SourceError'
  }
}

type Coded = { code?: unknown; errno?: unknown; message?: unknown }

/** Maps a driver's connection failure (pg, mysql2, DuckDB, Node sockets) to one clear code. */
export function connectionError(err: unknown): SourceError {
  if (err instanceof SourceError) return err
  const e = (err ?? {}) as Coded
  const code = typeof e.code === 'string' ? e.code : ''
  const message = typeof e.message === 'string' && e.message ? e.message : String(err)
  const is = (c: SourceErrorCode, text: string) => new SourceError(c, text, { driverCode: code || null })
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET'].includes(code))
    return is('SOURCE_UNREACHABLE', `Cannot reach the server: ${message}`)
  // PostgreSQL: 28P01 bad password, 28000 no such role / pg_hba; MySQL: ER_ACCESS_DENIED_ERROR.
  if (
    code === '28P01' ||
    code === '28000' ||
    code === 'ER_ACCESS_DENIED_ERROR' ||
    code === 'ER_DBACCESS_DENIED_ERROR'
  )
    return is('SOURCE_AUTH_FAILED', `The server refused the user or password: ${message}`)
  if (code === '3D000' || code === 'ER_BAD_DB_ERROR')
    return is('SOURCE_DATABASE_NOT_FOUND', `The database does not exist: ${message}`)
  if (/ssl|tls|certificate/i.test(message)) return is('SOURCE_TLS_FAILED', `TLS failed: ${message}`)
  if (/timeout/i.test(message)) return is('SOURCE_UNREACHABLE', `The server did not answer: ${message}`)
  return is('SOURCE_CONNECTION_FAILED', message)
}

/** A failure before any statement ran: the host is worth retrying elsewhere (replica → primary). */
export function isConnectionFailure(err: unknown): boolean {
  const code = String((err as Coded)?.code ?? '')
  return (
    ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET'].includes(code) ||
    code === '57P01' ||
    code === '57P03' ||
    /Connection terminated|timeout exceeded when trying to connect/i.test(String((err as Coded)?.message))
  )
}
