import type { LoginBody, SetupBody } from '@vitrina/contracts'
import type { Config } from '../../config/config'
import type { SystemDb } from '../../db/system-db'
import { AppError, ConflictError } from '../../http/errors'
import type { Principal } from '../../http/principal'
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../lib/passwords'
import { newId, randomToken, sha256 } from '../../lib/tokens'
import type { ApiKeysRepo } from '../api-keys/api-keys.repo'
import type { AuditRepo } from '../audit/audit.repo'
import type { UsersRepo } from '../users/users.repo'
import type { LoginAttemptsRepo } from './login-attempts.repo'
import type { SessionsRepo } from './sessions.repo'

const SETUP_KEY = 'setup_completed_at'
// Writing last_seen_at on every request would turn reads into writes; a minute's precision is plenty.
const TOUCH_INTERVAL_MS = 60_000

export interface RequestContext {
  ip: string | null
  userAgent: string | null
}

export interface IssuedSession {
  /** Goes into the httpOnly cookie, never into storage. */
  token: string
  csrfToken: string
  expiresAt: Date
  userId: string
}

interface Deps {
  db: SystemDb
  users: UsersRepo
  sessions: SessionsRepo
  attempts: LoginAttemptsRepo
  apiKeys: ApiKeysRepo
  audit: AuditRepo
  config: Pick<Config, 'session' | 'login'>
  now?: () => Date
}

const invalidCredentials = () => new AppError(401, 'INVALID_CREDENTIALS', 'Wrong email or password')

export function createAuthService(deps: Deps) {
  const now = deps.now ?? (() => new Date())

  async function issueSession(userId: string, ctx: RequestContext): Promise<IssuedSession> {
    const token = randomToken()
    const csrfToken = randomToken()
    const expiresAt = new Date(now().getTime() + deps.config.session.maxMs)
    await deps.sessions.insert({
      id_hash: sha256(token),
      user_id: userId,
      csrf_token: csrfToken,
      ip: ctx.ip,
      user_agent: ctx.userAgent?.slice(0, 500) ?? null,
      expires_at: expiresAt,
    })
    return { token, csrfToken, expiresAt, userId }
  }

  return {
    async needsSetup(): Promise<boolean> {
      const row = await deps.db
        .selectFrom('settings')
        .select('key')
        .where('key', '=', SETUP_KEY)
        .executeTakeFirst()
      return !row
    },

    /** Creates the first admin. The settings row is claimed first, so setup can succeed exactly once. */
    async setup(body: SetupBody, ctx: RequestContext): Promise<IssuedSession> {
      const passwordHash = await hashPassword(body.password)
      const userId = newId()
      await deps.db.transaction().execute(async (trx) => {
        const claimed = await trx
          .insertInto('settings')
          .values({ key: SETUP_KEY, value: JSON.stringify(now().toISOString()) })
          .onConflict((oc) => oc.column('key').doNothing())
          .executeTakeFirst()
        if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) {
          throw new ConflictError('SETUP_ALREADY_DONE', 'Vitrina is already set up; sign in instead')
        }
        await deps.users.insert(
          {
            id: userId,
            email: body.email,
            name: body.name,
            password_hash: passwordHash,
            role: 'admin',
            locale: null,
          },
          trx,
        )
        await deps.audit.record(
          {
            action: 'auth.setup',
            actor: { id: userId, email: body.email, ip: ctx.ip },
            target: { type: 'user', id: userId },
          },
          trx,
        )
      })
      return issueSession(userId, ctx)
    },

    async login(body: LoginBody, ctx: RequestContext): Promise<IssuedSession> {
      const key = body.email
      const at = now()
      const locked = await deps.attempts.lockedUntil(key, at)
      if (locked) {
        throw new AppError(429, 'TOO_MANY_ATTEMPTS', 'Too many failed sign-in attempts; try again later', {
          retryAfterSeconds: Math.ceil((locked.getTime() - at.getTime()) / 1000),
        })
      }
      const user = await deps.users.findByEmail(body.email)
      const ok = user
        ? await verifyPassword(user.password_hash, body.password)
        : await burnPasswordCheck(body.password)
      if (!user || !ok || !user.is_active) {
        await deps.attempts.recordFailure(key, at, deps.config.login.maxFailures, deps.config.login.lockMs)
        await deps.audit.record({
          action: 'auth.login_failed',
          actor: null,
          ip: ctx.ip,
          target: user ? { type: 'user', id: user.id } : null,
          details: { email: body.email },
        })
        throw invalidCredentials()
      }
      await deps.attempts.clear(key)
      await deps.users.update(user.id, { last_login_at: at })
      await deps.audit.record({
        action: 'auth.login',
        actor: { id: user.id, email: user.email, ip: ctx.ip },
        target: { type: 'user', id: user.id },
      })
      return issueSession(user.id, ctx)
    },

    async logout(principal: Principal, ip: string | null): Promise<void> {
      if (principal.session) await deps.sessions.delete(principal.session.idHash)
      await deps.audit.record({ action: 'auth.logout', actor: { ...principal.user, ip } })
    },

    /** Resolves a session cookie, enforcing idle and absolute expiry and that the user is still active. */
    async resolveSession(token: string): Promise<Principal | null> {
      const idHash = sha256(token)
      const session = await deps.sessions.findWithUser(idHash)
      if (!session) return null
      const at = now()
      const idleExpired = at.getTime() - session.last_seen_at.getTime() >= deps.config.session.idleMs
      if (session.expires_at <= at || idleExpired || !session.user.is_active) {
        await deps.sessions.delete(idHash)
        return null
      }
      if (at.getTime() - session.last_seen_at.getTime() > TOUCH_INTERVAL_MS)
        await deps.sessions.touch(idHash, at)
      const { is_active: _active, ...user } = session.user
      return { user, via: 'session', session: { idHash, csrfToken: session.csrf_token } }
    },

    async resolveApiKey(secret: string): Promise<Principal | null> {
      const found = await deps.apiKeys.findUsableBySecretHash(sha256(secret), now())
      if (!found) return null
      return { user: found.user, via: 'api_key', session: null }
    },

    async changePassword(
      principal: Principal,
      current: string,
      next: string,
      ip: string | null,
    ): Promise<void> {
      const user = await deps.users.findById(principal.user.id)
      if (!user || !(await verifyPassword(user.password_hash, current))) throw invalidCredentials()
      const passwordHash = await hashPassword(next)
      await deps.db.transaction().execute(async (trx) => {
        await deps.users.update(user.id, { password_hash: passwordHash }, trx)
        // Other sessions end; the one that changed the password stays.
        await trx
          .deleteFrom('sessions')
          .where('user_id', '=', user.id)
          .$if(principal.session !== null, (q) => q.where('id_hash', '!=', principal.session!.idHash))
          .execute()
        await deps.audit.record(
          {
            action: 'auth.password_changed',
            actor: { ...principal.user, ip },
            target: { type: 'user', id: user.id },
          },
          trx,
        )
      })
    },

    purgeExpiredSessions(): Promise<number> {
      return deps.sessions.deleteExpired(now(), deps.config.session.idleMs)
    },
  }
}

export type AuthService = ReturnType<typeof createAuthService>
