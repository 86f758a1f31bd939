import type { SourceAccess, SourcePermission } from '@vitrina/contracts'
import type { SystemDb } from '../../db/system-db'
import type { DbSource, SourcesDb, SourceTables } from './sources.tables'

export interface SourceWrite {
  name: string
  kind: DbSource['kind']
  connection: object
  secret: string | null
  settings: object
}

export function createSourcesRepo(systemDb: SystemDb) {
  const db: SourcesDb = systemDb.withTables<SourceTables>()
  return {
    db,

    list(): Promise<DbSource[]> {
      return db
        .selectFrom('sources')
        .selectAll()
        .orderBy((eb) => eb.case().when('id', '=', 'warehouse').then(0).else(1).end())
        .orderBy('name')
        .execute()
    },

    async find(id: string): Promise<DbSource | null> {
      return (await db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
    },

    async nameTaken(name: string, exceptId: string | null): Promise<boolean> {
      let q = db.selectFrom('sources').select('id').where('name', '=', name)
      if (exceptId) q = q.where('id', '<>', exceptId)
      return (await q.executeTakeFirst()) !== undefined
    },

    async insert(id: string, row: SourceWrite, createdBy: string, trx: SourcesDb = db): Promise<void> {
      await trx
        .insertInto('sources')
        .values({
          id,
          ...row,
          connection: JSON.stringify(row.connection),
          settings: JSON.stringify(row.settings),
          created_by: createdBy,
        })
        .execute()
    },

    async update(id: string, row: Partial<SourceWrite>, trx: SourcesDb = db): Promise<void> {
      await trx
        .updateTable('sources')
        .set({
          ...row,
          ...(row.connection && { connection: JSON.stringify(row.connection) }),
          ...(row.settings && { settings: JSON.stringify(row.settings) }),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute()
    },

    async remove(id: string, trx: SourcesDb = db): Promise<void> {
      await trx.deleteFrom('sources').where('id', '=', id).execute()
    },

    async saveSync(id: string, result: { catalog: unknown } | { error: { code: string; message: string } }) {
      await db
        .updateTable('sources')
        .set(
          'catalog' in result
            ? { catalog: JSON.stringify(result.catalog), last_sync_at: new Date(), last_sync_error: null }
            : { last_sync_error: JSON.stringify(result.error) },
        )
        .where('id', '=', id)
        .execute()
    },

    async permissions(id: string, trx: SourcesDb = db): Promise<SourcePermission[]> {
      const rows = await trx
        .selectFrom('source_permissions')
        .selectAll()
        .where('source_id', '=', id)
        .orderBy('subject_type')
        .orderBy('subject_id')
        .execute()
      return rows.map((r) => ({ principalType: r.subject_type, principalId: r.subject_id, access: r.access }))
    },

    async replacePermissions(id: string, entries: SourcePermission[], trx: SourcesDb): Promise<void> {
      const t = trx
      await t.deleteFrom('source_permissions').where('source_id', '=', id).execute()
      if (entries.length === 0) return
      await t
        .insertInto('source_permissions')
        .values(
          entries.map((e) => ({
            source_id: id,
            subject_type: e.principalType,
            subject_id: e.principalId,
            access: e.access,
          })),
        )
        .execute()
    },

    /** The user's own and their groups' grants, strongest per source. */
    async accessOf(userId: string): Promise<Map<string, SourceAccess>> {
      const rows = await db
        .selectFrom('source_permissions')
        .select(['source_id', 'access'])
        .where((eb) =>
          eb.or([
            eb.and([eb('subject_type', '=', 'user'), eb('subject_id', '=', userId)]),
            eb.and([
              eb('subject_type', '=', 'group'),
              eb(
                'subject_id',
                'in',
                eb.selectFrom('group_members').select('group_id').where('user_id', '=', userId),
              ),
            ]),
          ]),
        )
        .execute()
      const access = new Map<string, SourceAccess>()
      for (const r of rows) if (access.get(r.source_id) !== 'sql') access.set(r.source_id, r.access)
      return access
    },

    /** Which of the given users and groups exist (`user:<id>` / `group:<id>`). */
    async existingSubjects(entries: SourcePermission[]): Promise<Set<string>> {
      const users = entries.filter((e) => e.principalType === 'user').map((e) => e.principalId)
      const groups = entries.filter((e) => e.principalType === 'group').map((e) => e.principalId)
      const found = new Set<string>()
      if (users.length > 0)
        for (const r of await db.selectFrom('users').select('id').where('id', 'in', users).execute())
          found.add(`user:${r.id}`)
      if (groups.length > 0)
        for (const r of await db.selectFrom('groups').select('id').where('id', 'in', groups).execute())
          found.add(`group:${r.id}`)
      return found
    },
  }
}

export type SourcesRepo = ReturnType<typeof createSourcesRepo>
