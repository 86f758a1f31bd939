import type { SourceCatalogTable, SqlDialect } from '@vitrina/contracts'
import type { CompiledQuery, QueryOptions, QueryResult, QueryStream } from '../warehouse'

/**
 * What query execution needs from a source. Every implementation runs a query in a read-only transaction
 * when `readOnly` is set, stops it on the server at `timeoutMs` or on `signal`, and reads at most `rowCap`
 * rows. Placeholders are the dialect's own (`$1` for PostgreSQL and DuckDB, `?` for MySQL).
 */
export interface SourceDriver {
  /** null for Prometheus: the query text is PromQL and `params` are its range (see prometheus-driver.ts). */
  readonly dialect: SqlDialect | null
  streamQuery(query: CompiledQuery, opts?: QueryOptions): QueryStream
  runQuery(query: CompiledQuery, opts?: QueryOptions): Promise<QueryResult>
  /** Tables and views with columns, foreign keys and row estimates. */
  catalog(): Promise<SourceCatalogTable[]>
  /** Connects and runs a trivial statement; throws a `SourceError` with a connection code on failure. */
  test(): Promise<{ serverVersion: string }>
  close(): Promise<void>
}
