import type { DbApiKey } from '../../db/schema'
import type { SystemDb } from '../../db/system-db'
import type { Principal } from '../../http/principal'

export function createApiKeysRepo(db: SystemDb) {
  return {
    async insert(key: Omit<DbApiKey, 'created_at' | 'last_used_at' | 'revoked_at'>): Promise<DbApiKey> {
      return db.insertInto('api_keys').values(key).returningAll().executeTakeFirstOrThrow()
    },

    listForUser(userId: string): Promise<DbApiKey[]> {
      return db
        .selectFrom('api_keys')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .execute()
    },

    listAll(): Promise<(DbApiKey & { user_email: string })[]> {
      return db
        .selectFrom('api_keys')
        .innerJoin('users', 'users.id', 'api_keys.user_id')
        .selectAll('api_keys')
        .select('users.email as user_email')
        .orderBy('api_keys.created_at', 'desc')
        .execute()
    },

    async findById(id: string): Promise<DbApiKey | null> {
      return (await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
    },

    async findForUser(userId: string, id: string): Promise<DbApiKey | null> {
      return (
        (await db
          .selectFrom('api_keys')
          .selectAll()
          .where('user_id', '=', userId)
          .where('id', '=', id)
          .executeTakeFirst()) ?? null
      )
    },

    async revoke(id: string, at: Date): Promise<void> {
      await db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).execute()
    },

    /** A key works while it is not revoked, not expired, and its owner is active. */
    async findUsableBySecretHash(secretHash: string, now: Date): Promise<{ user: Principal['user'] } | null> {
      const row = await db
        .selectFrom('api_keys')
        .innerJoin('users', 'users.id', 'api_keys.user_id')
        .select(['api_keys.id as keyId', 'api_keys.last_used_at', 'users.id', 'users.email', 'users.name'])
        .select(['users.role', 'users.locale'])
        .where('api_keys.secret_hash', '=', secretHash)
        .where('api_keys.revoked_at', 'is', null)
        .where('users.is_active', '=', true)
        .where((eb) => eb.or([eb('api_keys.expires_at', 'is', null), eb('api_keys.expires_at', '>', now)]))
        .executeTakeFirst()
      if (!row) return null
      if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
        await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', row.keyId).execute()
      }
      return { user: { id: row.id, email: row.email, name: row.name, role: row.role, locale: row.locale } }
    },
  }
}

export type ApiKeysRepo = ReturnType<typeof createApiKeysRepo>
