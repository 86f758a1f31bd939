import { type Kysely, sql } from 'kysely'
import type { DbDashboard, SystemDatabase } from '../../db/schema'
import type { SystemDb } from '../../db/system-db'

type Db = Kysely<SystemDatabase>

export interface DashboardRow {
  id: string
  name: string
  description: string
  collection_id: string
  definition: unknown
}

export function createDashboardsRepo(db: SystemDb) {
  return {
    async list(filter: { collectionIds: string[]; search: string | null }): Promise<DbDashboard[]> {
      if (filter.collectionIds.length === 0) return []
      let query = db.selectFrom('dashboards').selectAll().where('collection_id', 'in', filter.collectionIds)
      if (filter.search)
        query = query.where(sql<boolean>`lower(name) like ${`%${filter.search.toLowerCase()}%`}`)
      return query.orderBy('name').orderBy('id').limit(1000).execute()
    },
    async find(id: string, conn: Db = db): Promise<DbDashboard | null> {
      return (await conn.selectFrom('dashboards').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
    },
    async insert(row: DashboardRow & { created_by: string }, conn: Db = db): Promise<void> {
      await conn
        .insertInto('dashboards')
        .values({ ...row, definition: JSON.stringify(row.definition), updated_by: row.created_by })
        .execute()
    },
    async update(row: DashboardRow & { updated_by: string }, conn: Db = db): Promise<void> {
      const { id, ...rest } = row
      await conn
        .updateTable('dashboards')
        .set({ ...rest, definition: JSON.stringify(rest.definition), updated_at: new Date() })
        .where('id', '=', id)
        .execute()
    },
    async delete(id: string, conn: Db = db): Promise<void> {
      await conn.deleteFrom('dashboards').where('id', '=', id).execute()
    },
  }
}

export type DashboardsRepo = ReturnType<typeof createDashboardsRepo>
