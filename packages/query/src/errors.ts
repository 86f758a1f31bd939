import type { QueryErrorCode } from '@vitrina/contracts'

/**
 * Bad input to the query layer. `code` is stable (see QUERY_ERROR_CODES in contracts); the server maps
 * it to a 400 with the same code. `details` names what was wrong (table, column, position, keyword).
 */
export class QueryError extends Error {
  readonly code: QueryErrorCode
  readonly details: Record<string, unknown> | null

  constructor(code: QueryErrorCode, message: string, details: Record<string, unknown> | null = null) {
    super(message)
    this.name = 'QueryError'
    this.code = code
    this.details = details
  }
}

export function assertUnreachable(x: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(x)}`)
}
