/** Stable error codes of the bank; the web pages translate messages by these codes. */
export const BANK_ERROR_CODES = [
  'BANK_VALIDATION',
  'BANK_INVALID_AMOUNT',
  'BANK_UNAUTHENTICATED',
  'BANK_INVALID_CREDENTIALS',
  'BANK_CSRF',
  'BANK_RATE_LIMITED',
  'BANK_ACCOUNT_NOT_FOUND',
  'BANK_ACCOUNT_NOT_OPEN',
  'BANK_SAME_ACCOUNT',
  'BANK_CURRENCY_MISMATCH',
  'BANK_INSUFFICIENT_FUNDS',
  'BANK_IDEMPOTENCY_KEY_REQUIRED',
  'BANK_IDEMPOTENCY_CONFLICT',
  'BANK_NOT_FOUND',
  'BANK_INTERNAL',
] as const

export type BankErrorCode = (typeof BANK_ERROR_CODES)[number]

export class BankError extends Error {
  readonly code: BankErrorCode
  readonly status: number
  readonly details: unknown

  constructor(code: BankErrorCode, status: number, message: string, details: unknown = null) {
    super(message)
    this.name = 'BankError'
    this.code = code
    this.status = status
    this.details = details
  }
}

export function assertUnreachable(x: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(x)}`)
}
