import { WAREHOUSE_ERROR_CODES, type WarehouseErrorCode } from '@vitrina/contracts'
import { AppError } from '../http/errors'

export { WAREHOUSE_ERROR_CODES, type WarehouseErrorCode }

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

/** A warehouse failure with its stable code; the HTTP status follows from the code. */
export class WarehouseError extends AppError {
  declare readonly code: WarehouseErrorCode
  constructor(code: WarehouseErrorCode, message: string, details: unknown = null) {
    super(STATUS[code], code, message, details)
    this.name = 'WarehouseError'
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Several statements in one query could end a read-only transaction (`COMMIT; DELETE ...`). */
export function multipleStatementsError(): WarehouseError {
  return new WarehouseError('WAREHOUSE_MULTIPLE_STATEMENTS', 'A query must be exactly one SQL statement')
}
