import { createHash } from 'node:crypto'
import { quoteIdent, quoteTable, sqlType } from './sql'
import {
  BATCH_COLUMN,
  type ReplacedRows,
  type TableRef,
  type WarehouseColumn,
  type WarehouseDialect,
} from './warehouse'

/**
 * Rows a load replaced or deleted are kept, so rolling that load back can put them back. Each dataset table
 * has a history table of the same name in the schema `<schema>_history`: its columns (all nullable), the
 * row's own `_batch_id`, and `_replaced_by`, the batch whose load removed it. Same name on purpose: native SQL
 * over `datasets_history.x` needs the same view permission as `datasets.x` (permissions match table names).
 */
export const HISTORY_SCHEMA_SUFFIX = '_history'
export const REPLACED_BY_COLUMN = '_replaced_by'

export function historyRef(ref: TableRef): TableRef {
  return { schema: `${ref.schema}${HISTORY_SCHEMA_SUFFIX}`, name: ref.name }
}

/** The warehouse's own history schemas stay out of catalogs. */
export function isHistorySchema(schema: string): boolean {
  return schema.endsWith(HISTORY_SCHEMA_SUFFIX)
}

/**
 * The history table, its schema and (PostgreSQL) its two indexes: by the replacing batch (restore) and by
 * the row's batch (the rollback check). DuckDB scans instead: its zone maps skip most of a table whose rows
 * arrive in batch order, and an ART index would cost every load memory. Idempotent (`IF NOT EXISTS`), so a
 * load or rollback can run it for a table created before history existed.
 */
export function historyTableStatements(
  dialect: WarehouseDialect,
  ref: TableRef,
  columns: WarehouseColumn[],
): string[] {
  const h = historyRef(ref)
  const text = sqlType(dialect, 'text')
  const defs = [
    ...columns.map((c) => `${quoteIdent(c.identifier)} ${sqlType(dialect, c.type)}`),
    `${quoteIdent(BATCH_COLUMN)} ${text}`,
    `${quoteIdent(REPLACED_BY_COLUMN)} ${text} NOT NULL`,
  ]
  const statements = [
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(h.schema)}`,
    `CREATE TABLE IF NOT EXISTS ${quoteTable(h)} (${defs.join(', ')})`,
  ]
  if (dialect === 'postgres') {
    for (const [suffix, column] of [
      ['r', REPLACED_BY_COLUMN],
      ['b', BATCH_COLUMN],
    ] as const) {
      statements.push(
        `CREATE INDEX IF NOT EXISTS ${quoteIdent(indexName(h, suffix))} ON ${quoteTable(h)} (${quoteIdent(column)})`,
      )
    }
  }
  return statements
}

/** Index names are per schema and at most 63 bytes, so they come from a hash of the (long, Cyrillic) name. */
function indexName(ref: TableRef, suffix: string): string {
  return `h_${createHash('sha256').update(ref.name).digest('hex').slice(0, 24)}_${suffix}`
}

/** `addColumn` on the history table too: a restored row must carry every column. */
export function addHistoryColumnSql(
  dialect: WarehouseDialect,
  ref: TableRef,
  column: WarehouseColumn,
): string {
  return `ALTER TABLE ${quoteTable(historyRef(ref))} ADD COLUMN IF NOT EXISTS ${quoteIdent(column.identifier)} ${sqlType(dialect, column.type)}`
}

/**
 * Deletes the target rows matching `where` (a condition on the target aliased `t`; null = every row) and
 * keeps them in history, marked as replaced by the batch bound to $1. The statements' row count (the last
 * one's, for DuckDB) is the number of rows deleted.
 *
 * PostgreSQL: one statement, `DELETE … RETURNING` feeding the history insert, so exactly the rows this
 * transaction deleted are kept, even when a concurrent load deleted some of them first. DuckDB has no DML in
 * a CTE: the copy, then the delete, in one transaction (writes to a DuckDB file are serialised in-process).
 */
export function replaceRowsStatements(
  dialect: WarehouseDialect,
  target: TableRef,
  columns: WarehouseColumn[],
  where: string | null,
): string[] {
  const names = [...columns.map((c) => c.identifier), BATCH_COLUMN].map(quoteIdent).join(', ')
  const into = `INSERT INTO ${quoteTable(historyRef(target))} (${names}, ${quoteIdent(REPLACED_BY_COLUMN)})`
  const t = `${quoteTable(target)} t${where ? ` WHERE ${where}` : ''}`
  if (dialect === 'postgres') {
    return [`WITH gone AS (DELETE FROM ${t} RETURNING ${names}) ${into} SELECT ${names}, $1 FROM gone`]
  }
  return [`${into} SELECT ${names}, $1 FROM ${t}`, `DELETE FROM ${t}`]
}

/** After a load: how many rows of which earlier batch it replaced ($1 = its batch id). */
export function replacedCountsSql(target: TableRef): string {
  const h = quoteTable(historyRef(target))
  const b = quoteIdent(BATCH_COLUMN)
  return `SELECT ${b}, count(*) FROM ${h} WHERE ${quoteIdent(REPLACED_BY_COLUMN)} = $1 GROUP BY ${b}`
}

/** The rows of `replacedCountsSql` as the load result's `replaced`. */
export function replacedRows(rows: unknown[][]): ReplacedRows[] {
  return rows.map(([batchId, n]) => ({
    batchId: batchId === null ? null : String(batchId),
    rows: Number(n),
  }))
}

/** The statements of `rollbackBatch`, each with the batch id as $1, run in one transaction in this order. */
export interface RollbackStatements {
  /** Later batches that replaced rows this batch inserted: if any, the rollback is refused. */
  blockers: string
  /** The rows the batch inserted (and that are still there). */
  deleteRows: string
  /** The rows it replaced, back into the table. */
  restore: string
  /** Their history entries. */
  forget: string
}

export function rollbackStatements(ref: TableRef, columns: WarehouseColumn[]): RollbackStatements {
  const t = quoteTable(ref)
  const h = quoteTable(historyRef(ref))
  const b = quoteIdent(BATCH_COLUMN)
  const r = quoteIdent(REPLACED_BY_COLUMN)
  const names = [...columns.map((c) => c.identifier), BATCH_COLUMN].map(quoteIdent).join(', ')
  return {
    blockers: `SELECT DISTINCT ${r} FROM ${h} WHERE ${b} = $1 ORDER BY 1 LIMIT 20`,
    deleteRows: `DELETE FROM ${t} WHERE ${b} = $1`,
    restore: `INSERT INTO ${t} (${names}) SELECT ${names} FROM ${h} WHERE ${r} = $1`,
    forget: `DELETE FROM ${h} WHERE ${r} = $1`,
  }
}
