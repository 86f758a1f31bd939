import { type Kysely, sql } from 'kysely'
import type { DbQuestion, SystemDatabase } from '../../db/schema'
import type { SystemDb } from '../../db/system-db'

type Db = Kysely<SystemDatabase>

export interface QuestionRow {
  id: string
  name: string
  description: string
  collection_id: string
  source_id: string
  query: unknown
  visualization: unknown
  cache_policy: unknown
}

const json = (value: unknown) => (value === null ? null : JSON.stringify(value))

export function createQuestionsRepo(db: SystemDb) {
  return {
    async list(filter: { collectionIds: string[]; search: string | null }): Promise<DbQuestion[]> {
      if (filter.collectionIds.length === 0) return []
      let query = db.selectFrom('questions').selectAll().where('collection_id', 'in', filter.collectionIds)
      if (filter.search)
        query = query.where(sql<boolean>`lower(name) like ${`%${filter.search.toLowerCase()}%`}`)
      return query.orderBy('name').orderBy('id').limit(1000).execute()
    },
    async find(id: string, conn: Db = db): Promise<DbQuestion | null> {
      return (await conn.selectFrom('questions').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
    },
    async findMany(ids: string[]): Promise<DbQuestion[]> {
      if (ids.length === 0) return []
      return db.selectFrom('questions').selectAll().where('id', 'in', ids).execute()
    },
    async insert(row: QuestionRow & { created_by: string }, conn: Db = db): Promise<void> {
      await conn
        .insertInto('questions')
        .values({
          ...row,
          query: json(row.query),
          visualization: json(row.visualization),
          cache_policy: json(row.cache_policy),
          updated_by: row.created_by,
        })
        .execute()
    },
    async update(row: QuestionRow & { updated_by: string }, conn: Db = db): Promise<void> {
      const { id, ...rest } = row
      await conn
        .updateTable('questions')
        .set({
          ...rest,
          query: json(rest.query),
          visualization: json(rest.visualization),
          cache_policy: json(rest.cache_policy),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute()
    },
    async delete(id: string, conn: Db = db): Promise<void> {
      await conn.deleteFrom('questions').where('id', '=', id).execute()
    },
    /** Questions whose builder query reads `id` as its source. */
    async dependents(id: string, conn: Db = db): Promise<{ id: string; name: string }[]> {
      return conn
        .selectFrom('questions')
        .select(['id', 'name'])
        .where(sql<string>`query #>> '{query,source,kind}'`, '=', 'question')
        .where(sql<string>`query #>> '{query,source,id}'`, '=', id)
        .execute()
    },
  }
}

export type QuestionsRepo = ReturnType<typeof createQuestionsRepo>
