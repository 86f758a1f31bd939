/** Stable codes of the warehouse layer; the web translates messages by code. */
export const WAREHOUSE_ERROR_CODES = [
  'WAREHOUSE_INVALID_DEFINITION',
  'WAREHOUSE_QUERY_FAILED',
  'WAREHOUSE_MULTIPLE_STATEMENTS',
  'WAREHOUSE_QUERY_TIMEOUT',
  'WAREHOUSE_QUERY_CANCELLED',
  'WAREHOUSE_WRITE_REFUSED',
  'WAREHOUSE_LOAD_BAD_VALUE',
  'WAREHOUSE_LOAD_CONSTRAINT',
  'WAREHOUSE_LOAD_DUPLICATE_KEY',
  'WAREHOUSE_LOAD_NULL_KEY',
  'WAREHOUSE_LOAD_CANCELLED',
  'WAREHOUSE_LOAD_FAILED',
] as const
export type WarehouseErrorCode = (typeof WAREHOUSE_ERROR_CODES)[number]

const STATUS: Record<WarehouseErrorCode, number> = {
  WAREHOUSE_INVALID_DEFINITION: 400,
  WAREHOUSE_QUERY_FAILED: 400,
  WAREHOUSE_MULTIPLE_STATEMENTS: 400,
  WAREHOUSE_QUERY_TIMEOUT: 504,
  WAREHOUSE_QUERY_CANCELLED: 499,
  WAREHOUSE_WRITE_REFUSED: 403,
  WAREHOUSE_LOAD_BAD_VALUE: 400,
  WAREHOUSE_LOAD_CONSTRAINT: 409,
  WAREHOUSE_LOAD_DUPLICATE_KEY: 409,
  WAREHOUSE_LOAD_NULL_KEY: 400,
  WAREHOUSE_LOAD_CANCELLED: 499,
  WAREHOUSE_LOAD_FAILED: 500,
}

/**
 * Shaped like `AppError` (status, code, message, details). It is its own class because the contracts'
 * `ErrorCode` list does not hold these codes yet; the error handler can map it the same way.
 */
export class WarehouseError extends Error {
  readonly status: number
  constructor(
    readonly code: WarehouseErrorCode,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message)
    this.name = 'WarehouseError'
    this.status = STATUS[code]
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Several statements in one query could end a read-only transaction (`COMMIT; DELETE ...`). */
export function multipleStatementsError(): WarehouseError {
  return new WarehouseError('WAREHOUSE_MULTIPLE_STATEMENTS', 'A query must be exactly one SQL statement')
}
