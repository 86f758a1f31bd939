import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKeysRepo } from '../modules/api-keys/api-keys.repo'
import { createAuditRepo } from '../modules/audit/audit.repo'
import { createLoginAttemptsRepo } from '../modules/auth/login-attempts.repo'
import { createSessionsRepo } from '../modules/auth/sessions.repo'
import { createGroupsRepo } from '../modules/groups/groups.repo'
import { createUsersRepo } from '../modules/users/users.repo'
import { openTestSystemDb, SYSTEM_DB_KINDS } from '../testing/databases'
import { migrateToLatest, type OpenedSystemDb } from './system-db'

// One suite, run against the embedded PGlite and the real PostgreSQL: the repositories must behave the same.
for (const kind of SYSTEM_DB_KINDS) {
  describe(`system DB repositories on ${kind}`, () => {
    let opened: OpenedSystemDb
    beforeAll(async () => {
      opened = await openTestSystemDb(kind)
    })
    afterAll(() => opened.close())

    it('migrations are idempotent', async () => {
      expect((await migrateToLatest(opened.db)).applied).toEqual([])
    })

    it('stores users with attributes and groups, and enforces unique emails', async () => {
      const users = createUsersRepo(opened.db)
      const groups = createGroupsRepo(opened.db)
      await users.insert({
        id: 'u1',
        email: 'a@x.ru',
        name: 'Анна',
        password_hash: 'h',
        role: 'viewer',
        locale: 'ru',
      })
      await groups.insert({ id: 'g1', name: 'Москва', description: '' })
      await users.replaceAttributes('u1', { region: 'Москва', branch: '7' })
      await users.replaceGroups('u1', ['g1', 'g1'])
      const detail = await users.getDetail('u1')
      expect(detail).toMatchObject({
        email: 'a@x.ru',
        is_active: true,
        attributes: { region: 'Москва', branch: '7' },
      })
      expect(detail.groups).toEqual([{ id: 'g1', name: 'Москва' }])
      expect(detail.created_at).toBeInstanceOf(Date)
      expect((await groups.find('g1'))?.member_count).toBe(1)
      await expect(
        users.insert({
          id: 'u2',
          email: 'a@x.ru',
          name: 'x',
          password_hash: 'h',
          role: 'viewer',
          locale: null,
        }),
      ).rejects.toThrow()
      expect(await users.findByEmail('nobody@x.ru')).toBeNull()
      await expect(users.getDetail('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    })

    it('rolls back a failed transaction completely', async () => {
      const users = createUsersRepo(opened.db)
      await expect(
        opened.db.transaction().execute(async (trx) => {
          await users.insert(
            { id: 'u3', email: 'c@x.ru', name: 'c', password_hash: 'h', role: 'viewer', locale: null },
            trx,
          )
          throw new Error('boom')
        }),
      ).rejects.toThrow('boom')
      expect(await users.findById('u3')).toBeNull()
    })

    it('runs concurrent queries beside a transaction without interleaving them', async () => {
      const groups = createGroupsRepo(opened.db)
      await Promise.all([
        opened.db.transaction().execute(async (trx) => {
          await groups.insert({ id: 'g2', name: 'Казань', description: '' }, trx)
          await groups.insert({ id: 'g3', name: 'Самара', description: '' }, trx)
        }),
        groups.list(),
        groups.list(),
      ])
      expect((await groups.list()).map((g) => g.name)).toEqual(['Казань', 'Москва', 'Самара'])
    })

    it('finds sessions with their user, and deletes expired and idle ones', async () => {
      const sessions = createSessionsRepo(opened.db)
      const now = new Date()
      await sessions.insert({
        id_hash: 's1',
        user_id: 'u1',
        csrf_token: 'c',
        ip: null,
        user_agent: null,
        expires_at: new Date(now.getTime() + 60_000),
      })
      await sessions.insert({
        id_hash: 's2',
        user_id: 'u1',
        csrf_token: 'c',
        ip: null,
        user_agent: null,
        expires_at: new Date(now.getTime() - 1),
      })
      expect((await sessions.findWithUser('s1'))?.user).toMatchObject({
        id: 'u1',
        email: 'a@x.ru',
        role: 'viewer',
      })
      expect(await sessions.countActive(now, 60_000)).toBe(1)
      expect(await sessions.deleteExpired(now, 60_000)).toBe(1)
      expect(await sessions.findWithUser('s2')).toBeNull()
      expect(await sessions.deleteForUser('u1')).toBe(1)
    })

    it('counts failed logins and locks at the threshold', async () => {
      const attempts = createLoginAttemptsRepo(opened.db)
      const now = new Date()
      expect(await attempts.recordFailure('k', now, 2, 60_000)).toBe(1)
      expect(await attempts.lockedUntil('k', now)).toBeNull()
      await attempts.recordFailure('k', now, 2, 60_000)
      expect((await attempts.lockedUntil('k', now))?.getTime()).toBe(now.getTime() + 60_000)
      await attempts.clear('k')
      expect(await attempts.lockedUntil('k', now)).toBeNull()
    })

    it('resolves usable API keys only', async () => {
      const keys = createApiKeysRepo(opened.db)
      const now = new Date()
      await keys.insert({
        id: 'k1',
        user_id: 'u1',
        name: 'n',
        prefix: 'p',
        secret_hash: 'h1',
        expires_at: null,
      })
      await keys.insert({
        id: 'k2',
        user_id: 'u1',
        name: 'n',
        prefix: 'p',
        secret_hash: 'h2',
        expires_at: new Date(now.getTime() - 1),
      })
      expect((await keys.findUsableBySecretHash('h1', now))?.user.id).toBe('u1')
      expect(await keys.findUsableBySecretHash('h2', now)).toBeNull()
      await keys.revoke('k1', now)
      expect(await keys.findUsableBySecretHash('h1', now)).toBeNull()
    })

    it('writes and pages the audit log newest first, with JSON details', async () => {
      const audit = createAuditRepo(opened.db)
      await audit.record({
        action: 'group.created',
        actor: { id: 'u1', email: 'a@x.ru', ip: '10.0.0.1' },
        details: { name: 'Москва' },
      })
      const [event] = await audit.list({ action: 'group.created', actorId: null, before: null, limit: 10 })
      expect(event).toMatchObject({ actor_email: 'a@x.ru', ip: '10.0.0.1' })
      const details = typeof event!.details === 'string' ? JSON.parse(event!.details) : event!.details
      expect(details).toEqual({ name: 'Москва' })
    })
  })
}

describe('system DB on postgres: a server-side disconnect', () => {
  it('does not crash the process when the server terminates an idle pooled connection', async () => {
    const opened = await openTestSystemDb('postgres')
    try {
      // Two queries at once leave two idle connections in the pool; one of them is then killed.
      await Promise.all([
        sql`select pg_sleep(0.05)`.execute(opened.db),
        sql`select pg_sleep(0.05)`.execute(opened.db),
      ])
      const { rows } = await sql<{
        n: number
      }>`select pg_terminate_backend(pid)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`.execute(opened.db)
      // The pool recovers: the next query gets a fresh connection.
      await new Promise((r) => setTimeout(r, 100))
      expect(await createUsersRepo(opened.db).count()).toBe(0)
      expect(rows.length).toBe(1)
    } finally {
      await opened.close()
    }
  })
})
