import type { BatchRef, CellErrorView, ImportMode, LayoutNote } from '@vitrina/contracts'
import { type Kysely, sql } from 'kysely'
import type { SystemDatabase } from '../../db/schema'
import type { DbDatasetBatch, DbDatasetUpload, DbQuarantineRow } from '../../db/schema-datasets'
import type { SystemDb } from '../../db/system-db'

type Db = Kysely<SystemDatabase>

export type BatchRow = DbDatasetBatch & {
  creator_name: string | null
  creator_email: string | null
  rollback_name: string | null
  rollback_email: string | null
}

export interface NewBatch {
  id: string
  datasetId: string
  fileName: string
  sheet: string | null
  sizeBytes: number
  sha256: string
  mode: ImportMode | 'manual'
  periodColumn: string | null
  quarantine: boolean
  originalPath: string | null
  createdBy: string | null
}

export interface BatchOutcome {
  status: 'loaded' | 'rejected' | 'failed'
  rowsParsed: number
  rowsInserted: number
  rowsUpdated: number
  rowsDeleted: number
  rowsQuarantined: number
  errorCount: number
  errors: CellErrorView[]
  notes: LayoutNote[]
  error: { code: string; message: string } | null
  errorReportPath: string | null
}

export function createUploadsRepo(db: SystemDb) {
  const batches = (conn: Db) =>
    conn
      .selectFrom('dataset_batches as b')
      .leftJoin('users as c', 'c.id', 'b.created_by')
      .leftJoin('users as r', 'r.id', 'b.rolled_back_by')
      .selectAll('b')
      .select([
        'c.name as creator_name',
        'c.email as creator_email',
        'r.name as rollback_name',
        'r.email as rollback_email',
      ])

  return {
    async insertUpload(
      u: Omit<DbDatasetUpload, 'created_at' | 'sheets'> & { sheets: unknown[] },
    ): Promise<void> {
      await db
        .insertInto('dataset_uploads')
        .values({ ...u, sheets: JSON.stringify(u.sheets) })
        .execute()
    },
    async findUpload(id: string): Promise<DbDatasetUpload | null> {
      return (
        (await db.selectFrom('dataset_uploads').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
      )
    },

    async uploadsBefore(before: Date): Promise<DbDatasetUpload[]> {
      return db
        .selectFrom('dataset_uploads')
        .selectAll()
        .where('created_at', '<', before)
        .limit(1000)
        .execute()
    },
    async deleteUpload(id: string): Promise<void> {
      await db.deleteFrom('dataset_uploads').where('id', '=', id).execute()
    },

    async insertBatch(b: NewBatch, conn: Db = db): Promise<void> {
      await conn
        .insertInto('dataset_batches')
        .values({
          id: b.id,
          dataset_id: b.datasetId,
          file_name: b.fileName,
          sheet: b.sheet,
          size_bytes: b.sizeBytes,
          sha256: b.sha256,
          mode: b.mode,
          period_column: b.periodColumn,
          quarantine: b.quarantine,
          status: b.mode === 'manual' ? 'loaded' : 'running',
          original_path: b.originalPath,
          created_by: b.createdBy,
          error: null,
          error_report_path: null,
          finished_at: null,
          rolled_back_at: null,
          rolled_back_by: null,
        })
        .execute()
    },
    async finishBatch(id: string, o: BatchOutcome, conn: Db = db): Promise<void> {
      await conn
        .updateTable('dataset_batches')
        .set({
          status: o.status,
          rows_parsed: o.rowsParsed,
          rows_inserted: o.rowsInserted,
          rows_updated: o.rowsUpdated,
          rows_deleted: o.rowsDeleted,
          rows_quarantined: o.rowsQuarantined,
          error_count: o.errorCount,
          errors: JSON.stringify(o.errors),
          notes: JSON.stringify(o.notes),
          error: o.error ? JSON.stringify(o.error) : null,
          error_report_path: o.errorReportPath,
          finished_at: sql`now()`,
        })
        .where('id', '=', id)
        .execute()
    },
    /** Only a batch still running: a finished one keeps its outcome. */
    async failRunning(id: string, error: { code: string; message: string }): Promise<void> {
      await db
        .updateTable('dataset_batches')
        .set({ status: 'failed', error: JSON.stringify(error), finished_at: sql`now()` })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .execute()
    },
    async markRolledBack(id: string, by: string | null, restored: number, conn: Db = db): Promise<void> {
      await conn
        .updateTable('dataset_batches')
        .set({
          status: 'rolled_back',
          rolled_back_at: sql`now()`,
          rolled_back_by: by,
          rows_restored: restored,
        })
        .where('id', '=', id)
        .execute()
    },
    /** Which earlier batches' rows the load of `batchId` replaced (the warehouse's count per batch). */
    async insertReplacements(
      batchId: string,
      replaced: { batchId: string | null; rows: number }[],
      conn: Db = db,
    ): Promise<void> {
      if (replaced.length === 0) return
      await conn
        .insertInto('dataset_batch_replacements')
        .values(replaced.map((r) => ({ batch_id: batchId, replaced_batch_id: r.batchId, rows: r.rows })))
        .execute()
    },
    /**
     * Per batch of the dataset: the newest later batch still in effect (loaded, or failed with rows possibly
     * left) that replaced some of its rows.
     */
    async blockers(datasetId: string): Promise<Map<string, BatchRef>> {
      const rows = await db
        .selectFrom('dataset_batch_replacements as r')
        .innerJoin('dataset_batches as b', 'b.id', 'r.batch_id')
        .select(['r.replaced_batch_id', 'b.id', 'b.file_name', 'b.created_at'])
        .where('b.dataset_id', '=', datasetId)
        .where('b.status', 'in', ['loaded', 'failed'])
        .where('r.replaced_batch_id', 'is not', null)
        .orderBy('b.created_at', 'asc')
        .execute()
      const out = new Map<string, BatchRef>()
      for (const r of rows) {
        out.set(r.replaced_batch_id as string, {
          id: r.id,
          fileName: r.file_name,
          createdAt: r.created_at.toISOString(),
        })
      }
      return out
    },
    /** Batches by id (those of the dataset), newest first, for naming them in a message. */
    async batchRefs(datasetId: string, ids: string[]): Promise<BatchRef[]> {
      if (ids.length === 0) return []
      const rows = await db
        .selectFrom('dataset_batches')
        .select(['id', 'file_name', 'created_at'])
        .where('dataset_id', '=', datasetId)
        .where('id', 'in', ids)
        .orderBy('created_at', 'desc')
        .execute()
      return rows.map((r) => ({ id: r.id, fileName: r.file_name, createdAt: r.created_at.toISOString() }))
    },
    async findBatch(datasetId: string, id: string, conn: Db = db): Promise<BatchRow | null> {
      return (
        (await batches(conn)
          .where('b.id', '=', id)
          .where('b.dataset_id', '=', datasetId)
          .executeTakeFirst()) ?? null
      )
    },
    async listBatches(datasetId: string): Promise<BatchRow[]> {
      return batches(db)
        .where('b.dataset_id', '=', datasetId)
        .orderBy('b.created_at', 'desc')
        .orderBy('b.id', 'desc')
        .limit(500)
        .execute()
    },
    /** An earlier batch of the same file that still counts (not rolled back, not failed). */
    async findDuplicate(datasetId: string, sha256: string): Promise<BatchRow | null> {
      return (
        (await batches(db)
          .where('b.dataset_id', '=', datasetId)
          .where('b.sha256', '=', sha256)
          .where('b.status', 'in', ['running', 'loaded'])
          .orderBy('b.created_at', 'desc')
          .executeTakeFirst()) ?? null
      )
    },
    async insertQuarantine(
      rows: {
        id: string
        datasetId: string
        batchId: string
        sourceRow: number
        values: unknown
        errors: unknown
      }[],
      conn: Db = db,
    ): Promise<void> {
      for (let i = 0; i < rows.length; i += 500) {
        await conn
          .insertInto('dataset_quarantine')
          .values(
            rows.slice(i, i + 500).map((r) => ({
              id: r.id,
              dataset_id: r.datasetId,
              batch_id: r.batchId,
              source_row: r.sourceRow,
              values: JSON.stringify(r.values),
              errors: JSON.stringify(r.errors),
            })),
          )
          .execute()
      }
    },
    async listQuarantine(
      datasetId: string,
      batchId: string | null,
      offset: number,
      limit: number,
    ): Promise<{ rows: DbQuarantineRow[]; total: number }> {
      let q = db.selectFrom('dataset_quarantine').where('dataset_id', '=', datasetId)
      if (batchId) q = q.where('batch_id', '=', batchId)
      const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
      const rows = await q
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('batch_id')
        .orderBy('source_row')
        .offset(offset)
        .limit(limit)
        .execute()
      return { rows, total: Number(total.n) }
    },
    async findQuarantine(datasetId: string, id: string): Promise<DbQuarantineRow | null> {
      return (
        (await db
          .selectFrom('dataset_quarantine')
          .selectAll()
          .where('dataset_id', '=', datasetId)
          .where('id', '=', id)
          .executeTakeFirst()) ?? null
      )
    },
    async deleteQuarantine(id: string, conn: Db = db): Promise<void> {
      await conn.deleteFrom('dataset_quarantine').where('id', '=', id).execute()
    },
    async deleteQuarantineOfBatch(batchId: string, conn: Db = db): Promise<void> {
      await conn.deleteFrom('dataset_quarantine').where('batch_id', '=', batchId).execute()
    },
  }
}

export type UploadsRepo = ReturnType<typeof createUploadsRepo>
