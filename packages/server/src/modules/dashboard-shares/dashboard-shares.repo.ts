import type { Kysely } from 'kysely'
import type { SystemDatabase } from '../../db/schema'
import type { DbDashboardShare } from '../../db/schema-shares'
import type { SystemDb } from '../../db/system-db'

type Db = Kysely<SystemDatabase>

/** A share row with its creator's name, for the editors' list. */
export type ShareRow = DbDashboardShare & { creator_name: string | null }

/** `last_used_at` is written at most this often per link (as sessions do), not on every card run. */
const LAST_USED_EVERY_MS = 60_000

export function createDashboardSharesRepo(db: SystemDb) {
  const withCreator = (conn: Db) =>
    conn
      .selectFrom('dashboard_shares')
      .leftJoin('users', 'users.id', 'dashboard_shares.created_by')
      .selectAll('dashboard_shares')
      .select('users.name as creator_name')

  return {
    async listForDashboard(dashboardId: string): Promise<ShareRow[]> {
      return withCreator(db)
        .where('dashboard_shares.dashboard_id', '=', dashboardId)
        .orderBy('dashboard_shares.created_at', 'desc')
        .orderBy('dashboard_shares.id')
        .execute()
    },
    async find(id: string, conn: Db = db): Promise<ShareRow | null> {
      return (await withCreator(conn).where('dashboard_shares.id', '=', id).executeTakeFirst()) ?? null
    },
    async findByTokenHash(hash: string): Promise<DbDashboardShare | null> {
      return (
        (await db
          .selectFrom('dashboard_shares')
          .selectAll()
          .where('token_hash', '=', hash)
          .executeTakeFirst()) ?? null
      )
    },
    async insert(
      row: Pick<
        DbDashboardShare,
        | 'id'
        | 'dashboard_id'
        | 'token_hash'
        | 'hint'
        | 'label'
        | 'locked_filters'
        | 'created_by'
        | 'expires_at'
      >,
      conn: Db = db,
    ): Promise<void> {
      await conn
        .insertInto('dashboard_shares')
        .values({ ...row, locked_filters: JSON.stringify(row.locked_filters) })
        .execute()
    },
    /** Marks the link revoked unless it already is; returns whether this call revoked it. */
    async revoke(id: string, by: string, conn: Db = db): Promise<boolean> {
      const result = await conn
        .updateTable('dashboard_shares')
        .set({ revoked_at: new Date(), revoked_by: by })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
      return result.numUpdatedRows > 0n
    },
    async touch(share: DbDashboardShare, now: Date): Promise<void> {
      if (share.last_used_at && now.getTime() - share.last_used_at.getTime() < LAST_USED_EVERY_MS) return
      await db.updateTable('dashboard_shares').set({ last_used_at: now }).where('id', '=', share.id).execute()
    },
  }
}

export type DashboardSharesRepo = ReturnType<typeof createDashboardSharesRepo>
