import type { Kysely } from 'kysely'
import type { DbCollection, DbCollectionPermission, SystemDatabase } from '../../db/schema'
import type { SystemDb } from '../../db/system-db'

type Db = Kysely<SystemDatabase>

export interface NewCollection {
  id: string
  name: string
  description: string
  parent_id: string | null
  created_by: string | null
}

export function createCollectionsRepo(db: SystemDb) {
  return {
    async list(conn: Db = db): Promise<DbCollection[]> {
      return conn.selectFrom('collections').selectAll().orderBy('name').orderBy('id').execute()
    },
    async find(id: string, conn: Db = db): Promise<DbCollection | null> {
      return (
        (await conn.selectFrom('collections').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
      )
    },
    async insert(row: NewCollection, conn: Db = db): Promise<void> {
      await conn.insertInto('collections').values(row).execute()
    },
    async update(
      id: string,
      patch: { name: string; description: string; parent_id: string | null },
      conn: Db = db,
    ): Promise<void> {
      await conn
        .updateTable('collections')
        .set({ ...patch, updated_at: new Date() })
        .where('id', '=', id)
        .execute()
    },
    async delete(id: string, conn: Db = db): Promise<void> {
      await conn.deleteFrom('collections').where('id', '=', id).execute()
    },
    async countChildren(id: string, conn: Db = db): Promise<{ collections: number; questions: number }> {
      const [collections, questions] = await Promise.all([
        conn
          .selectFrom('collections')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('parent_id', '=', id)
          .executeTakeFirstOrThrow(),
        conn
          .selectFrom('questions')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('collection_id', '=', id)
          .executeTakeFirstOrThrow(),
      ])
      return { collections: Number(collections.n), questions: Number(questions.n) }
    },
    async allGrants(conn: Db = db): Promise<DbCollectionPermission[]> {
      return conn.selectFrom('collection_permissions').selectAll().execute()
    },
    async grantsOf(collectionId: string, conn: Db = db): Promise<DbCollectionPermission[]> {
      return conn
        .selectFrom('collection_permissions')
        .selectAll()
        .where('collection_id', '=', collectionId)
        .orderBy('subject_type')
        .orderBy('subject_id')
        .execute()
    },
    async replaceGrants(
      collectionId: string,
      grants: DbCollectionPermission[],
      conn: Db = db,
    ): Promise<void> {
      await conn.deleteFrom('collection_permissions').where('collection_id', '=', collectionId).execute()
      if (grants.length > 0) await conn.insertInto('collection_permissions').values(grants).execute()
    },
    async upsertGrant(grant: DbCollectionPermission, conn: Db = db): Promise<void> {
      await conn
        .insertInto('collection_permissions')
        .values(grant)
        .onConflict((oc) =>
          oc.columns(['collection_id', 'subject_type', 'subject_id']).doUpdateSet({ level: grant.level }),
        )
        .execute()
    },
    async groupIdsOf(userId: string, conn: Db = db): Promise<string[]> {
      const rows = await conn
        .selectFrom('group_members')
        .select('group_id')
        .where('user_id', '=', userId)
        .execute()
      return rows.map((r) => r.group_id)
    },
    async existingSubjects(
      users: string[],
      groups: string[],
      conn: Db = db,
    ): Promise<{ users: Set<string>; groups: Set<string> }> {
      const [u, g] = await Promise.all([
        users.length ? conn.selectFrom('users').select('id').where('id', 'in', users).execute() : [],
        groups.length ? conn.selectFrom('groups').select('id').where('id', 'in', groups).execute() : [],
      ])
      return { users: new Set(u.map((r) => r.id)), groups: new Set(g.map((r) => r.id)) }
    },
  }
}

export type CollectionsRepo = ReturnType<typeof createCollectionsRepo>
