import {
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBValue,
  JsonDuckDBValueConverter,
} from '@duckdb/node-api'
import type { CatalogColumnType, CatalogTable } from '@vitrina/contracts'
import { planLoad } from './load-plan'
import { type LoadConverter, loadConverter } from './load-values'
import { makeQueryStream, stoppedError, watchQuery } from './query-stream'
import { RowSourceError, sourceError } from './row-source'
import {
  addColumnSql,
  catalogType,
  createTableStatements,
  normalizeValue,
  quoteIdent,
  quoteTable,
  sqlType,
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
import { errorMessage, multipleStatementsError, WarehouseError } from './warehouse-errors'

export interface DuckdbWarehouseConfig {
  /** A database file in the data folder, or `:memory:` (tests). */
  path: string
  /** DuckDB settings applied at open (`memory_limit`, `threads`, ...); the configuration is locked after. */
  settings?: Record<string, string>
}

const STAGE = 'vitrina_stage'
const RAW = 'vitrina_stage_raw'
/** One list of texts per loaded row. */
const RAW_ROWS = `(SELECT unnest(from_json(batch, '[["VARCHAR"]]')) AS r FROM temp.main.${RAW})`

/**
 * DuckDB in this process. Every query and every load gets its own connection, so `interrupt()` stops
 * exactly that query. Writes are serialised: DuckDB would otherwise fail one of two concurrent loads
 * into the same table with a transaction conflict at commit.
 */
export async function createDuckdbWarehouse(config: DuckdbWarehouseConfig): Promise<Warehouse> {
  // No file or network access from SQL (user queries cannot read_csv('/etc/passwd') or COPY TO a file),
  // and a locked configuration, so no statement can SET it back or change memory and threads.
  const instance = await DuckDBInstance.create(config.path, {
    ...config.settings,
    enable_external_access: 'false',
    lock_configuration: 'true',
  })
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
          const statements = await connection.extractStatements(query.sql)
          if (statements.count !== 1) throw multipleStatementsError()
          const prepared = await statements.prepare(0)
          prepared.bind(query.params as DuckDBValue[])
          const result = await prepared.stream()
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
      return ddl(createTableStatements('duckdb', ref, columns))
    },

    async addColumn(ref, column) {
      return ddl([addColumnSql('duckdb', ref, column)])
    },

    async load(target, columns, rows, mode, opts) {
      // append and replace read the staged rows once, straight from the JSON; the other modes read them
      // several times, so they get a typed staging table.
      const once = mode.kind === 'append' || mode.kind === 'replace'
      const source = once
        ? `(SELECT ${typedSelect(columns)} FROM ${RAW_ROWS}) AS staged`
        : `temp.main.${STAGE}`
      const plan = planLoad(target, source, columns, mode, opts.batchId)
      return serialised(() =>
        withConnection(async (c) => {
          try {
            await c.run('BEGIN TRANSACTION')
            // Each batch goes in as ONE JSON text value: a per-value Appender call (and DuckDB's own
            // text -> DECIMAL(38,10) cast) measured 46-74k rows/s for 100k x 8, this path 240-257k (README).
            await c.run(`CREATE TEMP TABLE ${RAW} (batch VARCHAR)`)
            const appender = await c.createAppender(RAW, 'main', 'temp')
            const staged = await appendBatches(appender, columns, rows, opts.signal)
            if (!once) {
              await c.run(`CREATE TEMP TABLE ${STAGE} AS SELECT ${typedSelect(columns)} FROM ${RAW_ROWS}`)
            }
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
          const key = JSON.stringify([schema, name])
          let table = tables.get(key)
          if (!table) {
            table = { schema: String(schema), name: String(name), columns: [], foreignKeys: [] }
            tables.set(key, table)
          }
          table.columns.push({ name: String(column), type: catalogType(String(type)) })
        }
        // DuckDB names the referenced table without its schema; constraints cannot cross schemas there.
        for (const [schema, name, column, refTable, refColumn] of keys.getRowsJson() as string[][]) {
          tables.get(JSON.stringify([schema, name]))?.foreignKeys.push({
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

/** Texts of a row -> typed columns of the staging table, in SQL. */
function typedSelect(columns: WarehouseColumn[]): string {
  return columns
    .map((c, i) => {
      const v = `r[${i + 1}]`
      const as = quoteIdent(c.identifier)
      switch (c.type) {
        case 'text':
          return `${v} AS ${as}`
        case 'decimal':
          // DuckDB parses text into a 128-bit decimal ~100x slower than into a 64-bit one, so values
          // with at most 8 integer digits take the 64-bit cast and widen; both casts are exact.
          return `CASE WHEN length(split_part(ltrim(${v}, '+-'), '.', 1)) <= 8 THEN CAST(CAST(${v} AS DECIMAL(18,10)) AS DECIMAL(38,10)) ELSE CAST(${v} AS DECIMAL(38,10)) END AS ${as}`
        default:
          return `CAST(${v} AS ${sqlType('duckdb', c.type)}) AS ${as}`
      }
    })
    .join(', ')
}

async function appendBatches(
  appender: DuckDBAppender,
  columns: WarehouseColumn[],
  rows: AsyncIterable<LoadValue[][]>,
  signal: AbortSignal | undefined,
): Promise<number> {
  const width = columns.length
  const convert = columns.map(loadConverter)
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
      if (signal?.aborted) throw new WarehouseError('WAREHOUSE_LOAD_CANCELLED', 'The load was cancelled')
      if (next.value.length === 0) continue
      const texts: (string | null)[][] = new Array(next.value.length)
      for (let r = 0; r < next.value.length; r++) {
        const row = next.value[r] as LoadValue[]
        staged++
        if (row.length !== width) {
          throw new WarehouseError(
            'WAREHOUSE_LOAD_BAD_VALUE',
            `Row ${staged} has ${row.length} values, expected ${width}`,
          )
        }
        const out: (string | null)[] = new Array(width)
        for (let i = 0; i < width; i++) {
          const v = row[i]
          out[i] = v === null || v === undefined ? null : (convert[i] as LoadConverter)(v, staged)
        }
        texts[r] = out
      }
      appender.appendVarchar(JSON.stringify(texts))
      appender.endRow()
    }
    appender.flushSync()
  } finally {
    try {
      appender.closeSync()
    } catch {
      // Closing flushes; after a failure the load is rolled back anyway.
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
  if (err instanceof RowSourceError) return sourceError(err)
  if (err instanceof WarehouseError) return err
  const message = errorMessage(err)
  if (/^(Conversion|Invalid Input) Error/i.test(message) || /could not convert/i.test(message)) {
    return new WarehouseError('WAREHOUSE_LOAD_BAD_VALUE', message)
  }
  if (/^Constraint Error/i.test(message)) return new WarehouseError('WAREHOUSE_LOAD_CONSTRAINT', message)
  return new WarehouseError('WAREHOUSE_LOAD_FAILED', message)
}
