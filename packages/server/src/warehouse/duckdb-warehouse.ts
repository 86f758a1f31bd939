import {
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBValue,
  JsonDuckDBValueConverter,
} from '@duckdb/node-api'
import type { CatalogColumnType, CatalogTable } from '@vitrina/contracts'
import { makeQueryStream } from './query-stream'
import {
  catalogType,
  createTableSql,
  loadText,
  normalizeValue,
  planLoad,
  quoteIdent,
  quoteTable,
  sqlType,
  stagingColumnsSql,
  stoppedError,
  watchQuery,
} from './sql'
import {
  BATCH_COLUMN,
  type Catalog,
  collectQuery,
  type LoadResult,
  type LoadValue,
  type Row,
  type Warehouse,
  type WarehouseColumn,
} from './warehouse'
import { errorMessage, WarehouseError } from './warehouse-errors'

export interface DuckdbWarehouseConfig {
  /** A database file in the data folder, or `:memory:` (tests). */
  path: string
}

const STAGE = 'vitrina_stage'

/**
 * DuckDB in this process. Every query and every load gets its own connection, so `interrupt()` stops
 * exactly that query. Writes are serialised: DuckDB would otherwise fail one of two concurrent loads
 * into the same table with a transaction conflict at commit.
 */
export async function createDuckdbWarehouse(config: DuckdbWarehouseConfig): Promise<Warehouse> {
  // No file or network access from SQL: user queries cannot read_csv('/etc/passwd') or COPY TO a file,
  // and DuckDB refuses to switch it back on while the database is open.
  const instance = await DuckDBInstance.create(config.path, { enable_external_access: 'false' })
  let writes: Promise<unknown> = Promise.resolve()
  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    const next = writes.then(work, work)
    writes = next.catch(() => undefined)
    return next
  }
  const withConnection = async <T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> => {
    const connection = await instance.connect()
    try {
      return await work(connection)
    } finally {
      connection.closeSync()
    }
  }
  const ddl = (sql: string[]) =>
    serialised(() =>
      withConnection(async (c) => {
        try {
          for (const s of sql) await c.run(s)
        } catch (err) {
          throw new WarehouseError('WAREHOUSE_INVALID_DEFINITION', errorMessage(err))
        }
      }),
    )

  const warehouse: Warehouse = {
    dialect: 'duckdb',

    streamQuery(query, opts = {}) {
      return makeQueryStream(opts, async function* (setColumns) {
        const connection = await instance.connect()
        const watch = watchQuery(opts, () => connection.interrupt())
        try {
          if (watch.stopped()) throw stoppedError('cancelled', opts.timeoutMs)
          // A read-only transaction is per connection, unlike access_mode which is per database file.
          if (opts.readOnly) await connection.run('BEGIN TRANSACTION READ ONLY')
          const result = await connection.stream(query.sql, query.params as DuckDBValue[])
          const types: CatalogColumnType[] = result.columnTypes().map((t) => catalogType(t.toString()))
          setColumns(result.columnNames().map((name, i) => ({ name, type: types[i] ?? 'other' })))
          for (;;) {
            const chunk = await result.fetchChunk()
            if (watch.stopped()) break
            if (chunk === null || chunk.rowCount === 0) break
            const rows: Row[] = chunk
              .convertRows(JsonDuckDBValueConverter)
              .map((row) => row.map((v, i) => normalizeValue(v, types[i] ?? 'other')))
            yield rows
          }
          const stopped = watch.stopped()
          if (stopped) throw stoppedError(stopped, opts.timeoutMs)
        } catch (err) {
          const stopped = watch.stopped()
          if (stopped) throw stoppedError(stopped, opts.timeoutMs)
          throw queryError(err)
        } finally {
          watch.dispose()
          connection.closeSync()
        }
      })
    },

    runQuery(query, opts) {
      return collectQuery(warehouse.streamQuery, query, opts)
    },

    async createTable(ref, columns) {
      return ddl([
        `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(ref.schema)}`,
        createTableSql('duckdb', ref, columns),
      ])
    },

    async addColumn(ref, column) {
      return ddl([
        `ALTER TABLE ${quoteTable(ref)} ADD COLUMN ${quoteIdent(column.identifier)} ${sqlType('duckdb', column.type)}`,
      ])
    },

    async load(target, columns, rows, mode, opts) {
      const plan = planLoad(target, `temp.main.${STAGE}`, columns, mode, opts.batchId)
      return serialised(() =>
        withConnection(async (c) => {
          try {
            await c.run('BEGIN TRANSACTION')
            await c.run(`CREATE TEMP TABLE ${STAGE} (${stagingColumnsSql('duckdb', columns)})`)
            const appender = await c.createAppender(STAGE, 'main', 'temp')
            const staged = await appendRows(appender, columns, rows, opts.signal)
            const result: LoadResult = { inserted: staged, deleted: 0, updated: 0 }
            for (const check of plan.checks) {
              const found = await c.runAndReadAll(check.sql)
              if (found.currentRowCount > 0) throw new WarehouseError(check.code, check.message)
            }
            for (const s of plan.statements) {
              const done = await c.run(s.sql, s.params as DuckDBValue[])
              if (s.count !== null) result[s.count] += done.rowsChanged
            }
            result.inserted = staged - result.updated
            await c.run('COMMIT')
            return result
          } catch (err) {
            await c.run('ROLLBACK').catch(() => undefined)
            throw loadError(err)
          }
        }),
      )
    },

    deleteBatch(ref, batchId) {
      return serialised(() =>
        withConnection(async (c) => {
          const done = await c.run(`DELETE FROM ${quoteTable(ref)} WHERE ${quoteIdent(BATCH_COLUMN)} = $1`, [
            batchId,
          ])
          return done.rowsChanged
        }),
      )
    },

    async introspect(): Promise<Catalog> {
      return withConnection(async (c) => {
        const columns = await c.runAndReadAll(
          `SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns()
           WHERE database_name = current_database() AND NOT internal AND column_name <> $1
           ORDER BY schema_name, table_name, column_index`,
          [BATCH_COLUMN],
        )
        const keys = await c.runAndReadAll(
          `SELECT schema_name, table_name, constraint_column_names[1], referenced_table, referenced_column_names[1]
           FROM duckdb_constraints()
           WHERE database_name = current_database() AND constraint_type = 'FOREIGN KEY'
             AND len(constraint_column_names) = 1`,
        )
        const tables = new Map<string, CatalogTable>()
        for (const [schema, name, column, type] of columns.getRowsJson() as string[][]) {
          const key = `${schema}.${name}`
          let table = tables.get(key)
          if (!table) {
            table = { schema: String(schema), name: String(name), columns: [], foreignKeys: [] }
            tables.set(key, table)
          }
          table.columns.push({ name: String(column), type: catalogType(String(type)) })
        }
        // DuckDB names the referenced table without its schema; constraints cannot cross schemas there.
        for (const [schema, name, column, refTable, refColumn] of keys.getRowsJson() as string[][]) {
          tables.get(`${schema}.${name}`)?.foreignKeys.push({
            column: String(column),
            references: { schema: String(schema), name: String(refTable), column: String(refColumn) },
            detected: false,
          })
        }
        return { tables: [...tables.values()] }
      })
    },

    async close() {
      await writes
      instance.closeSync()
    },
  }
  return warehouse
}

/** Raised around the caller's row iterator so its own error is rethrown unchanged. */
class RowSourceError extends Error {}

async function appendRows(
  appender: DuckDBAppender,
  columns: WarehouseColumn[],
  rows: AsyncIterable<LoadValue[][]>,
  signal: AbortSignal | undefined,
): Promise<number> {
  const width = columns.length
  const booleans = columns.map((c) => c.type === 'boolean')
  const plainText = columns.map((c) => c.type === 'text' || c.type === 'date' || c.type === 'timestamp')
  let staged = 0
  const iterator = rows[Symbol.asyncIterator]()
  try {
    for (;;) {
      let next: IteratorResult<LoadValue[][]>
      try {
        next = await iterator.next()
      } catch (err) {
        throw new RowSourceError('row source failed', { cause: err })
      }
      if (next.done) break
      if (signal?.aborted) throw new WarehouseError('WAREHOUSE_LOAD_FAILED', 'The load was cancelled')
      for (const row of next.value) {
        if (row.length !== width) {
          throw new WarehouseError(
            'WAREHOUSE_LOAD_BAD_VALUE',
            `Row ${staged + 1} has ${row.length} values, expected ${width}`,
          )
        }
        for (let i = 0; i < width; i++) {
          const v = row[i]
          const column = columns[i] as WarehouseColumn
          try {
            if (v === null || v === undefined) appender.appendNull()
            else if (typeof v === 'boolean' && booleans[i]) appender.appendBoolean(v)
            else if (typeof v === 'string' && plainText[i]) appender.appendVarchar(v)
            // The appender casts text to the column type (dates, exact decimals) and refuses what does not fit.
            else appender.appendVarchar(loadText(v, column, staged + 1))
          } catch (err) {
            if (err instanceof WarehouseError) throw err
            throw new WarehouseError(
              'WAREHOUSE_LOAD_BAD_VALUE',
              `Row ${staged + 1}, column ${column.identifier}: ${errorMessage(err)}`,
              { row: staged + 1, column: column.identifier, value: String(v) },
            )
          }
        }
        appender.endRow()
        staged++
      }
    }
    appender.flushSync()
  } finally {
    try {
      appender.closeSync()
    } catch {
      // Closing flushes; after a failed append the load is rolled back anyway.
    }
  }
  return staged
}

function queryError(err: unknown): Error {
  if (err instanceof WarehouseError) return err
  const message = errorMessage(err)
  if (/read-only mode|read-only transaction/i.test(message)) {
    return new WarehouseError('WAREHOUSE_WRITE_REFUSED', 'This query may only read data', { engine: message })
  }
  return new WarehouseError('WAREHOUSE_QUERY_FAILED', message)
}

function loadError(err: unknown): Error {
  if (err instanceof RowSourceError)
    return err.cause instanceof Error ? err.cause : new Error(String(err.cause))
  if (err instanceof WarehouseError) return err
  const message = errorMessage(err)
  if (/^(Conversion|Invalid Input) Error/i.test(message) || /could not convert/i.test(message)) {
    return new WarehouseError('WAREHOUSE_LOAD_BAD_VALUE', message)
  }
  if (/^Constraint Error/i.test(message)) return new WarehouseError('WAREHOUSE_LOAD_CONSTRAINT', message)
  return new WarehouseError('WAREHOUSE_LOAD_FAILED', message)
}
