import { hash } from '@node-rs/argon2'
import type pg from 'pg'
import type { BankDb } from '../db/bank-db'
import { assertUnreachable } from '../errors'
import { type AccountTypeCode, accountNumber } from './account-number'
import { minorToNumeric } from './money'
import { allocateIds, ensureReferenceData } from './reference-data'

export type PaymentSystem = 'mir' | 'visa' | 'mastercard' | 'unionpay'

export interface NewAccount {
  type: Exclude<AccountTypeCode, 'cash'>
  currency: string
  /** Minor units; credit accounts only. */
  creditLimit: bigint
  /** Minor units paid in at opening as a deposit from the branch cash desk (0 for none). */
  openingBalance: bigint
  card: { paymentSystem: PaymentSystem; last4: string; expiresOn: string } | null
}

export interface NewCustomer {
  lastName: string
  firstName: string
  middleName: string | null
  birthDate: string
  /** Branch code such as MOW-01; accounts are opened there. */
  branchCode: string
  login: string
  email: string
  phone: string
  address: {
    postalCode: string | null
    city: string
    street: string
    house: string
    apartment: string | null
  }
  /** Latin holder name embossed on cards. */
  holderName: string
  accounts: NewAccount[]
}

export interface CreatedCustomer {
  id: number
  login: string
  accountIds: number[]
}

/** argon2id with the library defaults (19 MiB, t=2, p=1: the OWASP baseline). */
export function hashPassword(password: string): Promise<string> {
  return hash(password)
}

/** Creates one customer with credentials and accounts; used by tests, the e2e spec and `bank seed`. */
export async function createCustomer(
  db: BankDb,
  customer: NewCustomer,
  password: string,
): Promise<CreatedCustomer> {
  const passwordHash = await hashPassword(password)
  const created = await db.transaction(async (client) => {
    await ensureReferenceData(client)
    return insertCustomers(client, [customer], passwordHash)
  })
  return created[0]!
}

/**
 * Inserts customers with contacts, an address, credentials, accounts, cards and opening deposits in
 * the caller's transaction. All customers share passwordHash (seeding hashes once: argon2id is slow
 * on purpose).
 */
export async function insertCustomers(
  client: pg.ClientBase,
  customers: NewCustomer[],
  passwordHash: string,
): Promise<CreatedCustomer[]> {
  const { rows: branches } = await client.query<{ id: number; code: string }>('SELECT id, code FROM branches')
  const branchIds = new Map(branches.map((b) => [b.code, b.id]))
  const branchOf = (c: NewCustomer) => {
    const id = branchIds.get(c.branchCode)
    if (id === undefined) throw new Error(`Unknown branch ${c.branchCode}`)
    return id
  }
  const customerIds = await allocateIds(client, 'customers', customers.length)
  await client.query(
    `INSERT INTO customers (id, last_name, first_name, middle_name, birth_date, home_branch_id)
     OVERRIDING SYSTEM VALUE
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::date[], $6::bigint[])`,
    [
      customerIds,
      customers.map((c) => c.lastName),
      customers.map((c) => c.firstName),
      customers.map((c) => c.middleName),
      customers.map((c) => c.birthDate),
      customers.map(branchOf),
    ],
  )
  await client.query(
    `INSERT INTO customer_contacts (customer_id, kind, value, is_primary, verified_at)
     SELECT id, 'email', value, true, now() FROM unnest($1::bigint[], $2::text[]) AS e (id, value)
     UNION ALL
     SELECT id, 'phone', value, true, now() FROM unnest($1::bigint[], $3::text[]) AS p (id, value)`,
    [customerIds, customers.map((c) => c.email), customers.map((c) => c.phone)],
  )
  await client.query(
    `INSERT INTO customer_addresses (customer_id, kind, postal_code, city, street, house, apartment)
     SELECT id, 'registration', postal_code, city, street, house, apartment
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       AS a (id, postal_code, city, street, house, apartment)`,
    [
      customerIds,
      customers.map((c) => c.address.postalCode),
      customers.map((c) => c.address.city),
      customers.map((c) => c.address.street),
      customers.map((c) => c.address.house),
      customers.map((c) => c.address.apartment),
    ],
  )
  await client.query(
    `INSERT INTO customer_credentials (customer_id, login, password_hash)
     SELECT id, login, $3 FROM unnest($1::bigint[], $2::text[]) AS c (id, login)`,
    [customerIds, customers.map((c) => c.login), passwordHash],
  )

  const accounts = customers.flatMap((c, i) =>
    c.accounts.map((a) => ({
      ...a,
      customerId: customerIds[i]!,
      branchId: branchOf(c),
      holderName: c.holderName,
    })),
  )
  const accountIds = await allocateIds(client, 'accounts', accounts.length)
  await client.query(
    `INSERT INTO accounts (id, number, customer_id, branch_id, currency_code, type_code, is_credit, credit_limit)
     OVERRIDING SYSTEM VALUE
     SELECT d.id, d.number, d.customer_id, d.branch_id, d.currency_code, d.type_code, t.is_credit, d.credit_limit
     FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::numeric[])
       AS d (id, number, customer_id, branch_id, currency_code, type_code, credit_limit)
     JOIN account_types t ON t.code = d.type_code`,
    [
      accountIds,
      accounts.map((a, i) => accountNumber(a.type, a.currency, a.branchId, accountIds[i]!)),
      accounts.map((a) => a.customerId),
      accounts.map((a) => a.branchId),
      accounts.map((a) => a.currency),
      accounts.map((a) => a.type),
      accounts.map((a) => minorToNumeric(a.creditLimit)),
    ],
  )
  const carded = accounts.flatMap((a, i) =>
    a.card === null ? [] : [{ ...a.card, accountId: accountIds[i]!, a }],
  )
  await client.query(
    `INSERT INTO cards (account_id, masked_number, payment_system, holder_name, expires_on)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::date[])`,
    [
      carded.map((c) => c.accountId),
      carded.map((c) => `${cardBin(c.paymentSystem)} **** **** ${c.last4}`),
      carded.map((c) => c.paymentSystem),
      carded.map((c) => c.a.holderName),
      carded.map((c) => c.expiresOn),
    ],
  )
  await openingDeposits(
    client,
    accounts.flatMap((a, i) =>
      a.openingBalance > 0n
        ? [{ accountId: accountIds[i]!, customerId: a.customerId, amount: a.openingBalance }]
        : [],
    ),
  )

  let next = 0
  return customers.map((c, i) => {
    const ids = accountIds.slice(next, next + c.accounts.length)
    next += c.accounts.length
    return { id: customerIds[i]!, login: c.login, accountIds: ids }
  })
}

function cardBin(system: PaymentSystem): string {
  switch (system) {
    case 'mir':
      return '2202'
    case 'visa':
      return '4276'
    case 'mastercard':
      return '5469'
    case 'unionpay':
      return '6250'
    default:
      return assertUnreachable(system)
  }
}

/** Opening balances go through real deposit operations so the ledger always reconciles. */
async function openingDeposits(
  client: pg.ClientBase,
  deposits: { accountId: number; customerId: number; amount: bigint }[],
): Promise<void> {
  if (deposits.length === 0) return
  const operationIds = await allocateIds(client, 'operations', deposits.length)
  await client.query(
    `INSERT INTO operations (id, kind, status, customer_id, description)
     OVERRIDING SYSTEM VALUE
     SELECT id, 'deposit', 'completed', customer_id, 'Зачисление при открытии счёта'
     FROM unnest($1::bigint[], $2::bigint[]) AS o (id, customer_id)`,
    [operationIds, deposits.map((d) => d.customerId)],
  )
  // Two postings per deposit: the account is credited, its branch cash desk debited.
  await client.query(
    `WITH d AS (
       SELECT o.operation_id, a.id AS account_id, a.currency_code, o.amount, desk.id AS desk_id
       FROM unnest($1::bigint[], $2::bigint[], $3::numeric[]) AS o (operation_id, account_id, amount)
       JOIN accounts a ON a.id = o.account_id
       JOIN accounts desk ON desk.branch_id = a.branch_id AND desk.currency_code = a.currency_code
        AND desk.type_code = 'cash'
     ), p AS (
       INSERT INTO postings (operation_id, account_id, currency_code, amount)
       SELECT operation_id, account_id, currency_code, amount FROM d
       UNION ALL
       SELECT operation_id, desk_id, currency_code, -amount FROM d
       RETURNING account_id, amount
     )
     UPDATE accounts a SET balance = a.balance + s.delta, updated_at = now()
     FROM (SELECT account_id, sum(amount) AS delta FROM p GROUP BY account_id) s
     WHERE a.id = s.account_id`,
    [operationIds, deposits.map((d) => d.accountId), deposits.map((d) => minorToNumeric(d.amount))],
  )
}
