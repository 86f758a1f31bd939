import type { DatasetColumn, DatasetPermissionEntry, DatasetPermissionLevel } from '@vitrina/contracts'
import { type Kysely, sql } from 'kysely'
import type { DbAuditEvent, SystemDatabase } from '../../db/schema'
import type { DbDataset } from '../../db/schema-datasets'
import type { SystemDb } from '../../db/system-db'

type Db = Kysely<SystemDatabase>

/** The columns of the sources table (migration 0003) that linked datasets show. */
type SourceNames = { sources: { id: string; name: string } }

export type DatasetRow = DbDataset & {
  creator_name: string | null
  creator_email: string | null
  source_name: string | null
}

export interface NewDataset {
  id: string
  name: string
  description: string
  tableSchema: string
  tableName: string
  columns: DatasetColumn[]
  keyColumns: string[]
  createdBy: string
  /** A linked dataset's source (kind 'linked'); null for a warehouse dataset. */
  sourceId?: string | null
}

export function createDatasetsRepo(db: SystemDb) {
  const withCreator = (conn: Db) =>
    conn
      .withTables<SourceNames>()
      .selectFrom('datasets')
      .leftJoin('users', 'users.id', 'datasets.created_by')
      .leftJoin('sources', 'sources.id', 'datasets.source_id')
      .selectAll('datasets')
      .select(['users.name as creator_name', 'users.email as creator_email', 'sources.name as source_name'])

  return {
    async list(): Promise<DatasetRow[]> {
      return withCreator(db).orderBy('datasets.name').execute()
    },
    async find(id: string, conn: Db = db): Promise<DatasetRow | null> {
      return (await withCreator(conn).where('datasets.id', '=', id).executeTakeFirst()) ?? null
    },
    async findByName(name: string, conn: Db = db): Promise<DbDataset | null> {
      return (
        (await conn
          .selectFrom('datasets')
          .selectAll()
          .where(sql<boolean>`lower(name) = lower(${name})`)
          .executeTakeFirst()) ?? null
      )
    },
    async tableNames(schema: string): Promise<string[]> {
      const rows = await db
        .selectFrom('datasets')
        .select('table_name')
        .where('table_schema', '=', schema)
        .where('kind', '=', 'warehouse')
        .execute()
      return rows.map((r) => r.table_name)
    },
    async insert(d: NewDataset, conn: Db = db): Promise<void> {
      await conn
        .insertInto('datasets')
        .values({
          id: d.id,
          name: d.name,
          description: d.description,
          table_schema: d.tableSchema,
          table_name: d.tableName,
          columns: JSON.stringify(d.columns),
          key_columns: JSON.stringify(d.keyColumns),
          created_by: d.createdBy,
          kind: d.sourceId ? 'linked' : 'warehouse',
          source_id: d.sourceId ?? null,
        })
        .execute()
    },
    /** The linked dataset of a source's table or view, if there is one. */
    async findLink(sourceId: string, table: { schema: string; name: string }): Promise<DbDataset | null> {
      return (
        (await db
          .selectFrom('datasets')
          .selectAll()
          .where('kind', '=', 'linked')
          .where('source_id', '=', sourceId)
          .where('table_schema', '=', table.schema)
          .where('table_name', '=', table.name)
          .executeTakeFirst()) ?? null
      )
    },
    async update(id: string, patch: { name?: string; description?: string }, conn: Db = db): Promise<void> {
      await conn
        .updateTable('datasets')
        .set({ ...patch, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute()
    },
    /** A column was added: the new schema, and a version bump (cached results and query plans change). */
    async setColumns(id: string, columns: DatasetColumn[], conn: Db = db): Promise<void> {
      await conn
        .updateTable('datasets')
        .set({
          columns: JSON.stringify(columns),
          data_version: sql`data_version + 1`,
          updated_at: sql`now()`,
        })
        .where('id', '=', id)
        .execute()
    },
    /** Deletes the dataset's row; its permissions, batches, quarantine and replacements go with it (cascade). */
    async remove(id: string, conn: Db = db): Promise<void> {
      await conn.deleteFrom('datasets').where('id', '=', id).execute()
    },
    /** The file names of the batches still running into the dataset. */
    async runningBatches(id: string): Promise<string[]> {
      const rows = await db
        .selectFrom('dataset_batches')
        .select('file_name')
        .where('dataset_id', '=', id)
        .where('status', '=', 'running')
        .execute()
      return rows.map((r) => r.file_name)
    },
    /** The rows changed: bump the version (caches key on it) and adjust the row count. */
    async rowsChanged(id: string, rowDelta: number, loaded: boolean, conn: Db = db): Promise<void> {
      await conn
        .updateTable('datasets')
        .set({
          data_version: sql`data_version + 1`,
          row_count: sql`greatest(row_count + ${rowDelta}, 0)`,
          updated_at: sql`now()`,
          ...(loaded && { last_loaded_at: sql`now()` }),
        })
        .where('id', '=', id)
        .execute()
    },
    async setRowCount(id: string, rowCount: number, conn: Db = db): Promise<void> {
      await conn.updateTable('datasets').set({ row_count: rowCount }).where('id', '=', id).execute()
    },
    /** Audit events about one dataset, newest first. */
    async changes(datasetId: string, before: Date | null, limit: number): Promise<DbAuditEvent[]> {
      let q = db
        .selectFrom('audit_events')
        .selectAll()
        .where('target_type', '=', 'dataset')
        .where('target_id', '=', datasetId)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
      if (before) q = q.where('at', '<', before)
      return q.limit(limit).execute()
    },
    async dataVersions(ids: string[] | null): Promise<Map<string, number>> {
      let q = db.selectFrom('datasets').select(['id', 'data_version'])
      if (ids) {
        if (ids.length === 0) return new Map()
        q = q.where('id', 'in', ids)
      }
      return new Map((await q.execute()).map((r) => [r.id, r.data_version]))
    },

    /** Permission levels that apply to a user directly or through a group, per dataset. */
    async levelsFor(
      userId: string,
      datasetId: string | null,
    ): Promise<{ dataset_id: string; level: DatasetPermissionLevel }[]> {
      let q = db
        .selectFrom('dataset_permissions')
        .select(['dataset_id', 'level'])
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
      if (datasetId) q = q.where('dataset_id', '=', datasetId)
      return q.execute()
    },
    async permissions(
      datasetId: string,
      conn: Db = db,
    ): Promise<(DatasetPermissionEntry & { subjectName: string })[]> {
      const rows = await conn
        .selectFrom('dataset_permissions as p')
        .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'p.subject_id').on('p.subject_type', '=', 'user'))
        .leftJoin('groups as g', (j) =>
          j.onRef('g.id', '=', 'p.subject_id').on('p.subject_type', '=', 'group'),
        )
        .select(['p.subject_type', 'p.subject_id', 'p.level', 'u.email', 'u.name', 'g.name as group_name'])
        .where('p.dataset_id', '=', datasetId)
        .orderBy('p.subject_type')
        .orderBy('p.subject_id')
        .execute()
      return rows.map((r) => ({
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        level: r.level,
        subjectName:
          r.subject_type === 'user'
            ? r.email
              ? `${r.name} <${r.email}>`
              : r.subject_id
            : (r.group_name ?? r.subject_id),
      }))
    },
    async replacePermissions(
      datasetId: string,
      entries: DatasetPermissionEntry[],
      conn: Db = db,
    ): Promise<void> {
      await conn.deleteFrom('dataset_permissions').where('dataset_id', '=', datasetId).execute()
      if (entries.length === 0) return
      await conn
        .insertInto('dataset_permissions')
        .values(
          entries.map((e) => ({
            dataset_id: datasetId,
            subject_type: e.subjectType,
            subject_id: e.subjectId,
            level: e.level,
          })),
        )
        .execute()
    },
    async grant(
      datasetId: string,
      userId: string,
      level: DatasetPermissionLevel,
      conn: Db = db,
    ): Promise<void> {
      await conn
        .insertInto('dataset_permissions')
        .values({ dataset_id: datasetId, subject_type: 'user', subject_id: userId, level })
        .onConflict((oc) => oc.columns(['dataset_id', 'subject_type', 'subject_id']).doUpdateSet({ level }))
        .execute()
    },
    async existingSubjects(entries: DatasetPermissionEntry[]): Promise<Set<string>> {
      const users = entries.filter((e) => e.subjectType === 'user').map((e) => e.subjectId)
      const groups = entries.filter((e) => e.subjectType === 'group').map((e) => e.subjectId)
      const found = new Set<string>()
      if (users.length > 0) {
        for (const r of await db.selectFrom('users').select('id').where('id', 'in', users).execute())
          found.add(`user:${r.id}`)
      }
      if (groups.length > 0) {
        for (const r of await db.selectFrom('groups').select('id').where('id', 'in', groups).execute())
          found.add(`group:${r.id}`)
      }
      return found
    },
  }
}

export type DatasetsRepo = ReturnType<typeof createDatasetsRepo>
