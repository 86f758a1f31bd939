import type { Kysely } from 'kysely'
import type { DbSession, DbUser, SystemDatabase } from '../../db/schema'
import type { SystemDb } from '../../db/system-db'

type Db = Kysely<SystemDatabase>

export type SessionWithUser = DbSession & {
  user: Pick<DbUser, 'id' | 'email' | 'name' | 'role' | 'locale' | 'is_active'>
}

export function createSessionsRepo(db: SystemDb) {
  return {
    async insert(session: Omit<DbSession, 'created_at' | 'last_seen_at'>, conn: Db = db): Promise<void> {
      await conn.insertInto('sessions').values(session).execute()
    },

    async findWithUser(idHash: string): Promise<SessionWithUser | null> {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('sessions')
        .select([
          'users.email',
          'users.name',
          'users.role',
          'users.locale',
          'users.is_active',
          'users.id as uid',
        ])
        .where('sessions.id_hash', '=', idHash)
        .executeTakeFirst()
      if (!row) return null
      const { email, name, role, locale, is_active, uid, ...session } = row
      return { ...session, user: { id: uid, email, name, role, locale, is_active } }
    },

    async touch(idHash: string, at: Date): Promise<void> {
      await db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute()
    },

    async delete(idHash: string): Promise<void> {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute()
    },

    async deleteForUser(userId: string, conn: Db = db): Promise<number> {
      const result = await conn.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst()
      return Number(result.numDeletedRows)
    },

    async deleteExpired(now: Date, idleMs: number): Promise<number> {
      const result = await db
        .deleteFrom('sessions')
        .where((eb) =>
          eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', new Date(now.getTime() - idleMs))]),
        )
        .executeTakeFirst()
      return Number(result.numDeletedRows)
    },

    async countActive(now: Date, idleMs: number): Promise<number> {
      const row = await db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('expires_at', '>', now)
        .where('last_seen_at', '>', new Date(now.getTime() - idleMs))
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },
  }
}

export type SessionsRepo = ReturnType<typeof createSessionsRepo>
