import { QueryError } from '@vitrina/query'
import { AppError } from '../../http/errors'
import { connectionError, isConnectionFailure, SourceError } from '../../sources/source-errors'
import { WarehouseError } from '../../warehouse'

/** Engine and compiler failures as the API reports them: one code set for every source kind. */
export function runError(err: unknown): AppError {
  if (err instanceof QueryError)
    return new AppError(err.code === 'SQL_WRITE_REFUSED' ? 403 : 400, err.code, err.message, err.details)
  if (err instanceof WarehouseError) {
    const details = err.details
    switch (err.code) {
      case 'WAREHOUSE_WRITE_REFUSED':
        return new AppError(
          403,
          'SQL_WRITE_REFUSED',
          'Only reading queries may run here; this one writes',
          details,
        )
      case 'WAREHOUSE_MULTIPLE_STATEMENTS':
        return new AppError(400, 'SQL_MULTIPLE_STATEMENTS', err.message, details)
      case 'WAREHOUSE_QUERY_TIMEOUT':
        return new SourceError('QUERY_TIMEOUT', err.message, details)
      case 'WAREHOUSE_QUERY_CANCELLED':
        return new SourceError('QUERY_CANCELLED', err.message, details)
      default:
        return new SourceError('QUERY_FAILED', err.message, details)
    }
  }
  if (err instanceof AppError) return err
  if (isConnectionFailure(err) || (err as { code?: unknown })?.code === '28P01') return connectionError(err)
  return new SourceError('QUERY_FAILED', err instanceof Error ? err.message : String(err))
}

export { SourceError }
