import { createHash } from 'node:crypto'
import type { BankDb } from '../db/bank-db'
import { assertUnreachable, BankError, type BankErrorCode } from '../errors'
import { minorToNumeric, parseAmount } from './money'

export type OperationKind = 'transfer' | 'deposit' | 'withdrawal'
export type OperationStatus = 'completed' | 'rejected'

export interface Posting {
  accountId: number
  currency: string
  amount: string
}

export interface OperationResult {
  operationId: number
  kind: OperationKind
  status: OperationStatus
  /** Why a rejected operation was refused; null when completed. */
  failureCode: BankErrorCode | null
  createdAt: Date
  postings: Posting[]
  /** True when an earlier request with the same idempotency key produced this result. */
  replayed: boolean
}

export interface TransferInput {
  /** The customer asking; the source account must be theirs. */
  customerId: number
  fromAccountId: number
  toAccountId: number
  amount: string
  description: string | null
  idempotencyKey: string | null
}

export interface CashInput {
  customerId: number
  accountId: number
  amount: string
  description: string | null
  idempotencyKey: string | null
}

// The rules run in bank_execute_operation (migration 003) under row locks, in one round trip;
// this module validates the request shape, retries the retryable, and maps the outcome.
export async function transfer(db: BankDb, input: TransferInput): Promise<OperationResult> {
  const amount = parseAmount(input.amount)
  if (input.fromAccountId === input.toAccountId) {
    throw new BankError('BANK_SAME_ACCOUNT', 400, 'Source and destination accounts are the same')
  }
  return execute(db, {
    kind: 'transfer',
    customerId: input.customerId,
    accountId: input.fromAccountId,
    targetAccountId: input.toAccountId,
    amount,
    description: input.description,
    idempotencyKey: input.idempotencyKey,
  })
}

/** Cash paid in at the account's branch: the branch cash desk is debited, the account credited. */
export function deposit(db: BankDb, input: CashInput): Promise<OperationResult> {
  return execute(db, { kind: 'deposit', ...cash(input) })
}

/** Cash paid out at the account's branch: the account is debited, the branch cash desk credited. */
export function withdraw(db: BankDb, input: CashInput): Promise<OperationResult> {
  return execute(db, { kind: 'withdrawal', ...cash(input) })
}

function cash(input: CashInput): Omit<OperationRequest, 'kind'> {
  return {
    customerId: input.customerId,
    accountId: input.accountId,
    targetAccountId: null,
    amount: parseAmount(input.amount),
    description: input.description,
    idempotencyKey: input.idempotencyKey,
  }
}

interface OperationRequest {
  kind: OperationKind
  customerId: number
  accountId: number
  targetAccountId: number | null
  /** Minor units, already validated as positive. */
  amount: bigint
  description: string | null
  idempotencyKey: string | null
}

interface ExecuteRow {
  o_operation_id: number | null
  o_status: OperationStatus | null
  o_failure_code: BankErrorCode | null
  o_created_at: Date | null
  o_replayed: boolean
  o_error_code: 'BANK_ACCOUNT_NOT_FOUND' | 'BANK_INVALID_AMOUNT' | 'BANK_IDEMPOTENCY_CONFLICT' | null
  o_error_detail: Record<string, unknown> | null
  o_postings: Posting[]
}

// 23505: a concurrent request with the same idempotency key committed first (the unique index made
// this insert wait for it); the retry finds that operation and replays or refuses it. Deadlocks and
// serialization failures cannot happen with one lock order; retried anyway.
const RETRYABLE = new Set(['40001', '40P01', '23505'])

async function execute(db: BankDb, request: OperationRequest): Promise<OperationResult> {
  // The hash covers what the customer asked for, so a replay with another body is detected.
  const requestHash = createHash('sha256')
    .update(
      JSON.stringify([
        request.kind,
        request.accountId,
        request.targetAccountId,
        request.amount.toString(),
        request.description,
      ]),
    )
    .digest()
  for (let attempt = 1; ; attempt++) {
    try {
      const { rows } = await db.pool.query<ExecuteRow>({
        name: 'bank-execute-operation',
        text: 'SELECT * FROM bank_execute_operation($1, $2, $3, $4, $5, $6, $7, $8)',
        values: [
          request.kind,
          request.customerId,
          request.idempotencyKey,
          requestHash,
          request.description,
          request.accountId,
          request.targetAccountId,
          minorToNumeric(request.amount),
        ],
      })
      return toResult(request, rows[0]!)
    } catch (error) {
      const code = (error as { code?: string }).code
      if (attempt >= 3 || code === undefined || !RETRYABLE.has(code)) throw error
    }
  }
}

function toResult(request: OperationRequest, row: ExecuteRow): OperationResult {
  switch (row.o_error_code) {
    case 'BANK_ACCOUNT_NOT_FOUND': {
      const id = row.o_error_detail?.accountId
      throw new BankError('BANK_ACCOUNT_NOT_FOUND', 404, `Account ${id} not found`, { accountId: id })
    }
    case 'BANK_INVALID_AMOUNT': {
      const detail = row.o_error_detail ?? {}
      throw new BankError(
        'BANK_INVALID_AMOUNT',
        400,
        `${detail.currency} has ${detail.minorUnits} minor units; the amount has more`,
        detail,
      )
    }
    case 'BANK_IDEMPOTENCY_CONFLICT':
      throw new BankError(
        'BANK_IDEMPOTENCY_CONFLICT',
        409,
        'This Idempotency-Key was already used for a different request',
        row.o_error_detail,
      )
    case null:
      return {
        operationId: row.o_operation_id!,
        kind: request.kind,
        status: row.o_status!,
        failureCode: row.o_failure_code,
        createdAt: row.o_created_at!,
        postings: row.o_postings,
        replayed: row.o_replayed,
      }
    default:
      return assertUnreachable(row.o_error_code)
  }
}

/** Turns a rejected operation into the error the API answers with. */
export function rejectionError(result: OperationResult): BankError | null {
  if (result.status === 'completed' || result.failureCode === null) return null
  const messages: Partial<Record<BankErrorCode, string>> = {
    BANK_INSUFFICIENT_FUNDS: 'Insufficient funds on the source account',
    BANK_ACCOUNT_NOT_OPEN: 'The account is frozen or closed',
    BANK_CURRENCY_MISMATCH: 'Both accounts must be in the same currency',
  }
  return new BankError(result.failureCode, 422, messages[result.failureCode] ?? 'Operation rejected', {
    operationId: result.operationId,
    replayed: result.replayed,
  })
}
