import { createHash } from 'node:crypto'
import type pg from 'pg'
import type { BankDb } from '../db/bank-db'
import { BankError, type BankErrorCode } from '../errors'
import { minorToNumeric, numericToMinor, parseAmount } from './money'

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

interface LockedAccount {
  id: number
  customerId: number | null
  currency: string
  balance: bigint
  isCredit: boolean
  creditLimit: bigint
  status: string
  typeCode: string
  minorUnits: number
}

/** What an operation wants to do once its accounts are locked: post, or be recorded as refused. */
type Plan = { postings: { accountId: number; amount: bigint }[] } | { reject: BankErrorCode }

interface OperationSpec {
  kind: OperationKind
  customerId: number
  idempotencyKey: string | null
  request: unknown
  description: string | null
  /** Accounts to lock. */
  accountIds: number[]
  /** Also lock the cash desk of this account's branch and currency (deposits, withdrawals). */
  cashDeskOf: number | null
  plan(accounts: Map<number, LockedAccount>): Plan
}

// Business refusals are recorded as rejected operations (they are facts the bank wants to analyse,
// and an idempotent retry must get the same answer); malformed requests are not recorded.
export async function transfer(db: BankDb, input: TransferInput): Promise<OperationResult> {
  const amount = parseAmount(input.amount)
  if (input.fromAccountId === input.toAccountId) {
    throw new BankError('BANK_SAME_ACCOUNT', 400, 'Source and destination accounts are the same')
  }
  return execute(db, {
    kind: 'transfer',
    customerId: input.customerId,
    idempotencyKey: input.idempotencyKey,
    description: input.description,
    request: ['transfer', input.fromAccountId, input.toAccountId, amount.toString(), input.description],
    accountIds: [input.fromAccountId, input.toAccountId],
    cashDeskOf: null,
    plan(accounts) {
      const from = ownAccount(accounts, input.fromAccountId, input.customerId)
      const to = accounts.get(input.toAccountId)
      if (!to || to.typeCode === 'cash') throw accountNotFound(input.toAccountId)
      checkScale(amount, from)
      if (from.currency !== to.currency) return { reject: 'BANK_CURRENCY_MISMATCH' }
      if (from.status !== 'open' || to.status !== 'open') return { reject: 'BANK_ACCOUNT_NOT_OPEN' }
      if (!canDebit(from, amount)) return { reject: 'BANK_INSUFFICIENT_FUNDS' }
      return {
        postings: [
          { accountId: from.id, amount: -amount },
          { accountId: to.id, amount },
        ],
      }
    },
  })
}

/** Cash paid in at the account's branch: the branch cash desk is debited, the account credited. */
export function deposit(db: BankDb, input: CashInput): Promise<OperationResult> {
  return cashOperation(db, 'deposit', input)
}

/** Cash paid out at the account's branch: the account is debited, the branch cash desk credited. */
export function withdraw(db: BankDb, input: CashInput): Promise<OperationResult> {
  return cashOperation(db, 'withdrawal', input)
}

function cashOperation(
  db: BankDb,
  kind: 'deposit' | 'withdrawal',
  input: CashInput,
): Promise<OperationResult> {
  const amount = parseAmount(input.amount)
  return execute(db, {
    kind,
    customerId: input.customerId,
    idempotencyKey: input.idempotencyKey,
    description: input.description,
    request: [kind, input.accountId, amount.toString(), input.description],
    accountIds: [input.accountId],
    cashDeskOf: input.accountId,
    plan(accounts) {
      const account = ownAccount(accounts, input.accountId, input.customerId)
      const desk = [...accounts.values()].find((a) => a.typeCode === 'cash')
      if (!desk) throw new Error(`No cash desk for the branch and currency of account ${account.id}`)
      checkScale(amount, account)
      if (account.status !== 'open') return { reject: 'BANK_ACCOUNT_NOT_OPEN' }
      if (kind === 'withdrawal' && !canDebit(account, amount)) return { reject: 'BANK_INSUFFICIENT_FUNDS' }
      const sign = kind === 'deposit' ? 1n : -1n
      return {
        postings: [
          { accountId: desk.id, amount: -sign * amount },
          { accountId: account.id, amount: sign * amount },
        ],
      }
    },
  })
}

function ownAccount(accounts: Map<number, LockedAccount>, id: number, customerId: number): LockedAccount {
  const account = accounts.get(id)
  // Someone else's account is reported exactly like a missing one, so ids cannot be probed.
  if (!account || account.customerId !== customerId) throw accountNotFound(id)
  return account
}

function accountNotFound(id: number): BankError {
  return new BankError('BANK_ACCOUNT_NOT_FOUND', 404, `Account ${id} not found`, { accountId: id })
}

function checkScale(amount: bigint, account: LockedAccount): void {
  const step = 10n ** BigInt(2 - account.minorUnits)
  if (amount % step !== 0n) {
    throw new BankError(
      'BANK_INVALID_AMOUNT',
      400,
      `${account.currency} has ${account.minorUnits} minor units; the amount has more`,
      { currency: account.currency, minorUnits: account.minorUnits },
    )
  }
}

function canDebit(account: LockedAccount, amount: bigint): boolean {
  // The bank's own cash desks have no limit; credit accounts may use their credit line.
  if (account.typeCode === 'cash') return true
  const floor = account.isCredit ? -account.creditLimit : 0n
  return account.balance - amount >= floor
}

const RETRYABLE = new Set(['40001', '40P01', '23505'])

async function execute(db: BankDb, spec: OperationSpec): Promise<OperationResult> {
  const requestHash = createHash('sha256').update(JSON.stringify(spec.request)).digest()
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction((client) => executeOnce(client, spec, requestHash))
    } catch (error) {
      // 23505: a concurrent request with the same idempotency key committed first (the unique index
      // made this insert wait for it); the retry finds that operation and replays or refuses it.
      // Deadlocks and serialization failures cannot happen with one lock order; retried anyway.
      const code = (error as { code?: string }).code
      if (attempt >= 3 || code === undefined || !RETRYABLE.has(code)) throw error
    }
  }
}

async function executeOnce(
  client: pg.PoolClient,
  spec: OperationSpec,
  requestHash: Buffer,
): Promise<OperationResult> {
  if (spec.idempotencyKey !== null) {
    const replay = await findByKey(client, spec.customerId, spec.idempotencyKey)
    if (replay !== null) {
      if (!replay.requestHash.equals(requestHash)) {
        throw new BankError(
          'BANK_IDEMPOTENCY_CONFLICT',
          409,
          'This Idempotency-Key was already used for a different request',
          { operationId: replay.result.operationId },
        )
      }
      return replay.result
    }
  }

  const { rows } = await client.query<{
    id: number
    customer_id: number | null
    currency_code: string
    balance: string
    is_credit: boolean
    credit_limit: string
    status: string
    type_code: string
    minor_units: number
  }>({
    name: 'bank-lock-accounts',
    text: `SELECT a.id, a.customer_id, a.currency_code, a.balance, a.is_credit, a.credit_limit, a.status, a.type_code,
            c.minor_units
     FROM accounts a JOIN currencies c ON c.code = a.currency_code
     WHERE a.id = ANY($1::bigint[])
        OR a.id = (SELECT desk.id FROM accounts x
                   JOIN accounts desk ON desk.branch_id = x.branch_id AND desk.currency_code = x.currency_code
                    AND desk.type_code = 'cash'
                   WHERE x.id = $2)
     ORDER BY a.id
     FOR UPDATE OF a`,
    values: [spec.accountIds, spec.cashDeskOf],
  })
  const accounts = new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        customerId: row.customer_id,
        currency: row.currency_code,
        balance: numericToMinor(row.balance),
        isCredit: row.is_credit,
        creditLimit: numericToMinor(row.credit_limit),
        status: row.status,
        typeCode: row.type_code,
        minorUnits: row.minor_units,
      } satisfies LockedAccount,
    ]),
  )
  const plan = spec.plan(accounts)
  const rejected = 'reject' in plan
  const postings: Posting[] = rejected
    ? []
    : plan.postings.map((p) => ({
        accountId: p.accountId,
        currency: accounts.get(p.accountId)!.currency,
        amount: minorToNumeric(p.amount),
      }))
  // Header, postings and balance updates in one statement: one round trip instead of three, and the
  // generator is bound by round trips. Named, so the plan is prepared once per connection.
  const { rows: opRows } = await client.query<{ id: number; created_at: Date }>({
    name: 'bank-write-operation',
    text: `WITH op AS (
        INSERT INTO operations (kind, status, customer_id, idempotency_key, request_hash, description, failure_code)
        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at
      ), d AS (
        SELECT * FROM unnest($8::bigint[], $9::char(3)[], $10::numeric[]) AS d (account_id, currency_code, amount)
      ), p AS (
        INSERT INTO postings (operation_id, account_id, currency_code, amount, created_at)
        SELECT op.id, d.account_id, d.currency_code, d.amount, op.created_at FROM op, d
      ), u AS (
        UPDATE accounts a SET balance = a.balance + d.amount, updated_at = now()
        FROM d WHERE a.id = d.account_id
      )
      SELECT id, created_at FROM op`,
    values: [
      spec.kind,
      rejected ? 'rejected' : 'completed',
      spec.customerId,
      spec.idempotencyKey,
      spec.idempotencyKey === null ? null : requestHash,
      spec.description,
      rejected ? plan.reject : null,
      postings.map((p) => p.accountId),
      postings.map((p) => p.currency),
      postings.map((p) => p.amount),
    ],
  })
  const op = opRows[0]!
  return {
    operationId: op.id,
    kind: spec.kind,
    status: rejected ? 'rejected' : 'completed',
    failureCode: rejected ? plan.reject : null,
    createdAt: op.created_at,
    postings,
    replayed: false,
  }
}

async function findByKey(
  client: pg.PoolClient,
  customerId: number,
  key: string,
): Promise<{ requestHash: Buffer; result: OperationResult } | null> {
  const { rows } = await client.query<{
    id: number
    kind: OperationKind
    status: OperationStatus
    failure_code: BankErrorCode | null
    created_at: Date
    request_hash: Buffer
  }>({
    name: 'bank-find-operation-by-key',
    text: `SELECT id, kind, status, failure_code, created_at, request_hash FROM operations
     WHERE customer_id = $1 AND idempotency_key = $2`,
    values: [customerId, key],
  })
  const op = rows[0]
  if (!op) return null
  const { rows: postingRows } = await client.query<{
    account_id: number
    currency_code: string
    amount: string
  }>('SELECT account_id, currency_code, amount FROM postings WHERE operation_id = $1 ORDER BY id', [op.id])
  return {
    requestHash: op.request_hash,
    result: {
      operationId: op.id,
      kind: op.kind,
      status: op.status,
      failureCode: op.failure_code,
      createdAt: op.created_at,
      postings: postingRows.map((p) => ({
        accountId: p.account_id,
        currency: p.currency_code,
        amount: p.amount,
      })),
      replayed: true,
    },
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
