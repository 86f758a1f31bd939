import type { ApiRow, DatasetColumn, RowsPage, RowsQuery } from '@vitrina/contracts'
import type { SystemDb } from '../../db/system-db'
import { AppError } from '../../http/errors'
import type { Actor } from '../../http/principal'
import { BATCH_COLUMN, type Row, type Warehouse } from '../../warehouse'
import { quoteIdent } from '../../warehouse/sql'
import type { AuditRepo } from '../audit/audit.repo'
import type { Dataset } from '../datasets/datasets.presenter'
import type { DatasetsRepo } from '../datasets/datasets.repo'
import type { DatasetsService } from '../datasets/datasets.service'
import { type ReaderFor, readOnlyError } from './dataset-reader'
import { RowsSql } from './rows-sql'

type Values = Record<string, string | number | boolean | null>

export interface RowsDeps {
  db: SystemDb
  warehouse: Warehouse
  /** Where a dataset's rows are read: the warehouse, or a linked dataset's source. */
  readerFor: ReaderFor
  datasets: DatasetsService
  datasetsRepo: DatasetsRepo
  audit: AuditRepo
  /** Called after a commit that changed a dataset's rows (the query cache drops its entries at once). */
  onDataChanged: (datasetId: string) => void
}

/** Grid rows: [row id, batch id, ...columns] -> ApiRow. */
export function toApiRow(columns: DatasetColumn[], row: Row): ApiRow {
  const values: Values = {}
  columns.forEach((c, i) => {
    values[c.identifier] = row[i + 2] ?? null
  })
  return { rowId: String(row[0]), batchId: row[1] === null ? null : String(row[1]), values }
}

export function createRowsService(deps: RowsDeps) {
  const sqlFor = (d: Dataset) => new RowsSql(deps.warehouse.dialect, d.table, d.columns)

  /** The dataset, if the caller may edit its rows: a linked dataset's rows belong to its source. */
  async function editable(actor: Actor, id: string): Promise<Dataset> {
    const { dataset } = await deps.datasets.authorize(actor, id, 'edit')
    if (dataset.kind === 'linked') throw readOnlyError(dataset)
    return dataset
  }

  async function changed(
    actor: Actor,
    dataset: Dataset,
    action: 'dataset.row_added' | 'dataset.row_updated' | 'dataset.row_deleted',
    rowDelta: number,
    details: Record<string, unknown>,
  ): Promise<void> {
    await deps.db.transaction().execute(async (trx) => {
      await deps.datasetsRepo.rowsChanged(dataset.id, rowDelta, false, trx)
      await deps.audit.record({ action, actor, target: { type: 'dataset', id: dataset.id }, details }, trx)
    })
    deps.onDataChanged(dataset.id)
  }

  /** The row the token names, if it still has the expected values. */
  async function current(dataset: Dataset, rowId: string, expected: Values): Promise<ApiRow | null> {
    const s = sqlFor(dataset)
    const where = s.guard(rowId, expected)
    const r = await deps.warehouse.runQuery(
      s.compile(`SELECT ${s.selectList()} FROM ${s.from} WHERE ${where}`),
    )
    return r.rows[0] ? toApiRow(dataset.columns, r.rows[0]) : null
  }

  const rowChanged = () =>
    new AppError(409, 'ROW_CHANGED', 'The row was changed or deleted meanwhile; reload and try again')

  async function deleteOne(dataset: Dataset, rowId: string, expected: Values): Promise<ApiRow | null> {
    const before = await current(dataset, rowId, expected)
    if (!before) return null
    const s = sqlFor(dataset)
    const r = await deps.warehouse.runQuery(
      s.compile(`DELETE FROM ${s.from} WHERE ${s.guard(rowId, before.values)} RETURNING 1`),
    )
    return r.rows.length > 0 ? before : null
  }

  return {
    async query(actor: Actor, id: string, q: Required<RowsQuery>): Promise<RowsPage> {
      const { dataset } = await deps.datasets.authorize(actor, id, 'view')
      const reader = await deps.readerFor(dataset)
      const s = new RowsSql(reader.dialect, dataset.table, dataset.columns, reader.physical)
      const where = s.where(q)
      const order = s.orderBy(q.sort)
      const count = await reader.runQuery(s.compile(`SELECT count(*) FROM ${s.from}${where}`))
      const page = await reader.runQuery(
        s.compile(
          `SELECT ${s.selectList()} FROM ${s.from}${where}${order} LIMIT ${q.limit} OFFSET ${q.offset}`,
        ),
      )
      return {
        columns: dataset.columns,
        // Rows of a linked table or view have no id of their own (and cannot be edited): their position.
        rows: page.rows.map((r, i) =>
          reader.physical
            ? toApiRow(dataset.columns, r)
            : { ...toApiRow(dataset.columns, r), rowId: `#${q.offset + i}` },
        ),
        total: Number(count.rows[0]?.[0] ?? 0),
        dataVersion: dataset.dataVersion,
      }
    },

    async add(actor: Actor, id: string, values: Values): Promise<ApiRow> {
      const dataset = await editable(actor, id)
      const s = sqlFor(dataset)
      for (const k of Object.keys(values)) s.column(k)
      const exprs = dataset.columns.map((c) => {
        const v = s.typed(c, values[c.identifier] ?? null)
        if (v === null) {
          if (c.required)
            throw new AppError(400, 'DATASET_INVALID_VALUE', `"${c.displayName}" is required`, {
              column: c.identifier,
              reason: 'required',
            })
          return 'NULL'
        }
        return s.param(v, c.type)
      })
      const cols = [...dataset.columns.map((c) => quoteIdent(c.identifier)), quoteIdent(BATCH_COLUMN)]
      const r = await deps.warehouse.runQuery(
        s.compile(
          `INSERT INTO ${s.from} (${cols.join(', ')}) VALUES (${[...exprs, 'NULL'].join(', ')}) RETURNING ${s.selectList(true)}`,
        ),
      )
      let row = toApiRow(dataset.columns, r.rows[0] ?? [])
      if (deps.warehouse.dialect === 'duckdb') {
        // The newest row with exactly these values is the one just inserted.
        const f = sqlFor(dataset)
        const found = await deps.warehouse.runQuery(
          f.compile(
            `SELECT ${f.rowIdExpr} FROM ${f.from} WHERE ${f.guard(null, row.values)} ORDER BY rowid DESC LIMIT 1`,
          ),
        )
        row = { ...row, rowId: String(found.rows[0]?.[0] ?? '') }
      }
      await changed(actor, dataset, 'dataset.row_added', 1, { rowId: row.rowId, after: row.values })
      return row
    },

    async update(
      actor: Actor,
      id: string,
      rowId: string,
      body: { expected: Values; changes: Values },
    ): Promise<ApiRow> {
      const dataset = await editable(actor, id)
      const before = await current(dataset, rowId, body.expected)
      if (!before) throw rowChanged()
      const s = sqlFor(dataset)
      const sets = Object.entries(body.changes).map(([k, v]) => {
        const c = s.column(k)
        const typed = s.typed(c, v)
        if (typed === null && c.required)
          throw new AppError(400, 'DATASET_INVALID_VALUE', `"${c.displayName}" is required`, {
            column: c.identifier,
            reason: 'required',
          })
        return `${quoteIdent(k)} = ${typed === null ? 'NULL' : s.param(typed, c.type)}`
      })
      if (sets.length === 0) return before
      const where = s.guard(rowId, before.values)
      const r = await deps.warehouse.runQuery(
        s.compile(`UPDATE ${s.from} SET ${sets.join(', ')} WHERE ${where} RETURNING ${s.selectList(true)}`),
      )
      if (!r.rows[0]) throw rowChanged()
      const updated = toApiRow(dataset.columns, r.rows[0])
      // DuckDB keeps the row id through an UPDATE (and cannot return it); PostgreSQL returns the new ctid.
      const after = deps.warehouse.dialect === 'duckdb' ? { ...updated, rowId } : updated
      await changed(actor, dataset, 'dataset.row_updated', 0, {
        rowId,
        batchId: before.batchId,
        before: before.values,
        after: after.values,
      })
      return after
    },

    async delete(actor: Actor, id: string, rowId: string, expected: Values): Promise<void> {
      const dataset = await editable(actor, id)
      const before = await deleteOne(dataset, rowId, expected)
      if (!before) throw rowChanged()
      await changed(actor, dataset, 'dataset.row_deleted', -1, { rows: [{ rowId, before: before.values }] })
    },

    /** Deletes each row that still has its expected values; the others are counted as skipped. */
    async bulkDelete(
      actor: Actor,
      id: string,
      rows: { rowId: string; expected: Values }[],
    ): Promise<{ deleted: number; skipped: number }> {
      const dataset = await editable(actor, id)
      const gone: { rowId: string; before: Values }[] = []
      for (const r of rows) {
        const before = await deleteOne(dataset, r.rowId, r.expected)
        if (before) gone.push({ rowId: r.rowId, before: before.values })
      }
      if (gone.length > 0) await changed(actor, dataset, 'dataset.row_deleted', -gone.length, { rows: gone })
      return { deleted: gone.length, skipped: rows.length - gone.length }
    },
  }
}

export type RowsService = ReturnType<typeof createRowsService>
