import type pg from 'pg'
import type { OperationKind, OperationStatus } from './operations'

export interface AccountView {
  id: number
  number: string
  type: string
  typeName: string
  currency: string
  balance: string
  creditLimit: string
  status: string
  openedAt: Date
  branch: { code: string; name: string }
  cards: { id: number; maskedNumber: string; paymentSystem: string; expiresOn: string; status: string }[]
}

export async function listAccounts(pool: pg.Pool, customerId: number): Promise<AccountView[]> {
  const { rows } = await pool.query<AccountView>(
    `SELECT a.id, a.number, a.type_code AS type, t.name AS "typeName", a.currency_code AS currency, a.balance,
            a.credit_limit AS "creditLimit", a.status, a.opened_at AS "openedAt",
            json_build_object('code', b.code, 'name', b.name) AS branch,
            coalesce((SELECT json_agg(json_build_object('id', c.id, 'maskedNumber', c.masked_number,
                        'paymentSystem', c.payment_system, 'expiresOn', c.expires_on, 'status', c.status) ORDER BY c.id)
                      FROM cards c WHERE c.account_id = a.id), '[]') AS cards
     FROM accounts a
     JOIN account_types t ON t.code = a.type_code
     JOIN branches b ON b.id = a.branch_id
     WHERE a.customer_id = $1
     ORDER BY a.id`,
    [customerId],
  )
  return rows
}

/** Resolves a destination account by its 20-digit number (customer accounts only). */
export async function findAccountIdByNumber(pool: pg.Pool, number: string): Promise<number | null> {
  const { rows } = await pool.query<{ id: number }>(
    `SELECT id FROM accounts WHERE number = $1 AND customer_id IS NOT NULL`,
    [number],
  )
  return rows[0]?.id ?? null
}

export interface Profile {
  id: number
  lastName: string
  firstName: string
  middleName: string | null
  birthDate: string
  login: string
  customerSince: Date
  homeBranch: { code: string; name: string; city: string; address: string; region: string }
  contacts: { kind: 'email' | 'phone'; value: string; isPrimary: boolean; verified: boolean }[]
  addresses: {
    kind: string
    postalCode: string | null
    city: string
    street: string
    house: string
    apartment: string | null
  }[]
}

export async function getProfile(pool: pg.Pool, customerId: number): Promise<Profile | null> {
  const { rows } = await pool.query<Profile>(
    `SELECT c.id, c.last_name AS "lastName", c.first_name AS "firstName", c.middle_name AS "middleName",
            to_char(c.birth_date, 'YYYY-MM-DD') AS "birthDate", cr.login, c.created_at AS "customerSince",
            json_build_object('code', b.code, 'name', b.name, 'city', b.city, 'address', b.address,
                              'region', r.name) AS "homeBranch",
            coalesce((SELECT json_agg(json_build_object('kind', k.kind, 'value', k.value, 'isPrimary', k.is_primary,
                        'verified', k.verified_at IS NOT NULL) ORDER BY k.kind, k.id)
                      FROM customer_contacts k WHERE k.customer_id = c.id), '[]') AS contacts,
            coalesce((SELECT json_agg(json_build_object('kind', a.kind, 'postalCode', a.postal_code, 'city', a.city,
                        'street', a.street, 'house', a.house, 'apartment', a.apartment) ORDER BY a.id)
                      FROM customer_addresses a
                      WHERE a.customer_id = c.id AND (a.valid_to IS NULL OR a.valid_to >= current_date)), '[]')
              AS addresses
     FROM customers c
     JOIN customer_credentials cr ON cr.customer_id = c.id
     JOIN branches b ON b.id = c.home_branch_id
     JOIN regions r ON r.id = b.region_id
     WHERE c.id = $1`,
    [customerId],
  )
  return rows[0] ?? null
}

export interface HistoryFilter {
  accountId: number | null
  kind: OperationKind | null
  /** Inclusive calendar dates (YYYY-MM-DD) in the bank's time zone. */
  from: string | null
  to: string | null
  limit: number
  /** Keyset cursor: only postings with a smaller id (the previous page's nextCursor). */
  before: number | null
}

export interface HistoryItem {
  postingId: number
  operationId: number
  kind: OperationKind
  status: OperationStatus
  accountId: number
  accountNumber: string
  amount: string
  currency: string
  description: string | null
  counterpartyAccountNumber: string | null
  /** True when the other side is a cash desk (cash in or out at a branch). */
  counterpartyIsCashDesk: boolean
  createdAt: Date
}

export interface HistoryPage {
  items: HistoryItem[]
  nextCursor: number | null
}

// Calendar dates mean Moscow days, as on a Russian bank statement.
export const BANK_TIME_ZONE = 'Europe/Moscow'

export async function history(
  pool: pg.Pool,
  customerId: number,
  filter: HistoryFilter,
): Promise<HistoryPage> {
  const { rows } = await pool.query<HistoryItem>(
    `SELECT p.id AS "postingId", o.id AS "operationId", o.kind, o.status, a.id AS "accountId",
            a.number AS "accountNumber", p.amount, p.currency_code AS currency, o.description,
            other.number AS "counterpartyAccountNumber",
            coalesce(other.type_code = 'cash', false) AS "counterpartyIsCashDesk", p.created_at AS "createdAt"
     FROM accounts a
     JOIN postings p ON p.account_id = a.id
     JOIN operations o ON o.id = p.operation_id
     LEFT JOIN LATERAL (
       SELECT oa.number, oa.type_code FROM postings op JOIN accounts oa ON oa.id = op.account_id
       WHERE op.operation_id = p.operation_id AND op.account_id <> p.account_id
       ORDER BY op.id LIMIT 1
     ) other ON true
     WHERE a.customer_id = $1
       AND ($2::bigint IS NULL OR a.id = $2)
       AND ($3::text IS NULL OR o.kind = $3)
       AND ($4::date IS NULL OR p.created_at >= ($4::date)::timestamp AT TIME ZONE '${BANK_TIME_ZONE}')
       AND ($5::date IS NULL OR p.created_at < ($5::date + 1)::timestamp AT TIME ZONE '${BANK_TIME_ZONE}')
       AND ($6::bigint IS NULL OR p.id < $6)
     ORDER BY p.id DESC
     LIMIT $7`,
    [customerId, filter.accountId, filter.kind, filter.from, filter.to, filter.before, filter.limit + 1],
  )
  const items = rows.slice(0, filter.limit)
  return { items, nextCursor: rows.length > filter.limit ? items[items.length - 1]!.postingId : null }
}
