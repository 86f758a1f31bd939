import type { Catalog, DatasetColumn, ResultColumn, TableRef } from '@vitrina/contracts'
import type { PoolStats } from '../metrics/registry'

export type { Catalog, TableRef }

export type WarehouseDialect = 'duckdb' | 'postgres'

/**
 * A value read from the warehouse. integer -> number (string past 2^53), decimal -> exact string without
 * trailing zeros, date -> "YYYY-MM-DD", timestamp -> "YYYY-MM-DD HH:MM:SS[.ffffff]", float -> number.
 */
export type Value = string | number | boolean | null
export type Row = Value[]

/** A value to load, as `@vitrina/ingest` produces them (decimals as exact strings, dates as ISO text). */
export type LoadValue = string | number | bigint | boolean | null

export interface CompiledQuery {
  sql: string
  /** Bound positionally: `$1`, `$2`, ... in both dialects. */
  params: unknown[]
}

export interface QueryOptions {
  signal?: AbortSignal
  /** Rows per yielded batch (default 1,000). */
  batchRows?: number
  /** Runs in a read-only transaction: writes fail with WAREHOUSE_WRITE_REFUSED. */
  readOnly?: boolean
  timeoutMs?: number
  /** Stop reading after this many rows. */
  rowCap?: number
}

/** Batches of rows; `columns` is known once the first batch (possibly empty) has been yielded. */
export interface QueryStream extends AsyncIterable<Row[]> {
  readonly columns: ResultColumn[] | null
}

export interface QueryResult {
  columns: ResultColumn[]
  rows: Row[]
  /** True when the row cap stopped the read before the end of the result. */
  truncated: boolean
}

export type LoadMode =
  | { kind: 'append' }
  | { kind: 'replace' }
  /** Deletes the rows whose `dateColumn` lies within [min, max] of the loaded rows, then inserts. */
  | { kind: 'replace-period'; dateColumn: string }
  /** Rows whose key matches a loaded row are replaced by it; the others are inserted. */
  | { kind: 'upsert'; keyColumns: string[] }

export interface LoadOptions {
  /** Stored in every loaded row's `_batch_id` (and in the history of the rows it replaces), for `rollbackBatch`. */
  batchId: string
  signal?: AbortSignal
}

export interface LoadResult {
  /** Rows that did not replace an existing row. */
  inserted: number
  /** Existing rows removed by replace / replace-period. */
  deleted: number
  /** Existing rows replaced by a loaded row with the same key (upsert). */
  updated: number
  /** The rows removed (deleted or updated), per batch that had loaded them (null: rows added by hand). */
  replaced: ReplacedRows[]
}

export interface ReplacedRows {
  batchId: string | null
  rows: number
}

/**
 * `rollbackBatch`: either done (its rows deleted, the rows it replaced restored), or refused because later
 * batches replaced rows this one loaded (they must be rolled back first); then nothing changed.
 */
export type RollbackResult =
  | { status: 'rolled_back'; deleted: number; restored: number }
  | { status: 'blocked'; replacedBy: string[] }

/** The columns a load or table definition needs; a `DatasetColumn` fits. */
export type WarehouseColumn = Pick<DatasetColumn, 'identifier' | 'type' | 'required'>

/** Column holding the batch id of every loaded row. */
export const BATCH_COLUMN = '_batch_id'

/** Where uploaded datasets live: an embedded DuckDB file or a PostgreSQL database. */
export interface Warehouse {
  readonly dialect: WarehouseDialect
  streamQuery(query: CompiledQuery, opts?: QueryOptions): QueryStream
  /** `streamQuery` collected into memory; `rowCap` sets `truncated` instead of reading on. */
  runQuery(query: CompiledQuery, opts?: QueryOptions): Promise<QueryResult>
  /** Creates the table (and its schema) with the columns plus `_batch_id`, and its history table. */
  createTable(ref: TableRef, columns: WarehouseColumn[]): Promise<void>
  /** Adds a nullable column (existing rows get NULL, whatever `required` says), to the history table too. */
  addColumn(ref: TableRef, column: WarehouseColumn): Promise<void>
  /** Drops the table and its history table (no error when they do not exist). */
  dropTable(ref: TableRef): Promise<void>
  /**
   * One transaction: rows are staged, then the mode's statements run; the rows a mode deletes are kept in
   * the history table first. On any failure nothing changes.
   */
  load(
    target: TableRef,
    columns: WarehouseColumn[],
    rows: AsyncIterable<LoadValue[][]>,
    mode: LoadMode,
    opts: LoadOptions,
  ): Promise<LoadResult>
  /**
   * One transaction: deletes the rows the batch loaded and restores the rows it replaced, unless a later load
   * replaced rows of this batch (`blocked`, nothing changed). `columns` are the table's current columns.
   */
  rollbackBatch(ref: TableRef, columns: WarehouseColumn[], batchId: string): Promise<RollbackResult>
  /** Tables and columns of the warehouse (`_batch_id` and the history schemas hidden). */
  introspect(): Promise<Catalog>
  /** Connection pool usage for the metrics; null when the engine has no pool (embedded DuckDB). */
  poolStats(): PoolStats | null
  close(): Promise<void>
}

/** `runQuery` of both implementations: asks for one row past the cap to know whether it truncated. */
export async function collectQuery(
  stream: (query: CompiledQuery, opts: QueryOptions) => QueryStream,
  query: CompiledQuery,
  opts: QueryOptions = {},
): Promise<QueryResult> {
  const cap = opts.rowCap ?? null
  const s = stream(query, { ...opts, rowCap: cap === null ? undefined : cap + 1 })
  const rows: Row[] = []
  for await (const batch of s) for (const row of batch) rows.push(row)
  const truncated = cap !== null && rows.length > cap
  if (truncated) rows.length = cap
  return { columns: s.columns ?? [], rows, truncated }
}
