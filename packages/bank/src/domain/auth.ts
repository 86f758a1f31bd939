import { createHash, randomBytes } from 'node:crypto'
import { verify } from '@node-rs/argon2'
import type pg from 'pg'
import { BankError } from '../errors'
import { hashPassword } from './customers'

export interface Session {
  customerId: number
  csrfToken: string
  expiresAt: Date
}

// Verified when the login does not exist, so a wrong login costs as much time as a wrong password.
let dummyHash: Promise<string> | null = null

/** Checks a login and password; returns the customer id or throws BANK_INVALID_CREDENTIALS. */
export async function authenticate(pool: pg.Pool, login: string, password: string): Promise<number> {
  const { rows } = await pool.query<{ customer_id: number; password_hash: string; status: string }>(
    `SELECT cr.customer_id, cr.password_hash, c.status FROM customer_credentials cr
     JOIN customers c ON c.id = cr.customer_id WHERE cr.login = $1`,
    [login.trim().toLowerCase()],
  )
  const row = rows[0]
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
  const ok = await verify(row?.password_hash ?? (await dummyHash), password)
  // A blocked customer gets the same answer: the login page must not reveal account state.
  if (!row || !ok || row.status !== 'active') {
    throw new BankError('BANK_INVALID_CREDENTIALS', 401, 'Wrong login or password')
  }
  return row.customer_id
}

function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest()
}

/** Creates a server-side session; only the SHA-256 of the returned token is stored. */
export async function createSession(
  pool: pg.Pool,
  customerId: number,
  ttlMs: number,
): Promise<{ token: string; session: Session }> {
  const token = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(24).toString('base64url')
  const expiresAt = new Date(Date.now() + ttlMs)
  await pool.query('DELETE FROM customer_sessions WHERE customer_id = $1 AND expires_at < now()', [
    customerId,
  ])
  await pool.query(
    'INSERT INTO customer_sessions (token_hash, customer_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)',
    [tokenHash(token), customerId, csrfToken, expiresAt],
  )
  return { token, session: { customerId, csrfToken, expiresAt } }
}

export async function findSession(pool: pg.Pool, token: string): Promise<Session | null> {
  const { rows } = await pool.query<Session>(
    `SELECT customer_id AS "customerId", csrf_token AS "csrfToken", expires_at AS "expiresAt"
     FROM customer_sessions WHERE token_hash = $1 AND expires_at > now()`,
    [tokenHash(token)],
  )
  return rows[0] ?? null
}

export async function deleteSession(pool: pg.Pool, token: string): Promise<void> {
  await pool.query('DELETE FROM customer_sessions WHERE token_hash = $1', [tokenHash(token)])
}
