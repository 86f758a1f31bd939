import {
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBPreparedStatement,
  type DuckDBValue,
  JsonDuckDBValueConverter,
  listValue,
} from '@duckdb/node-api'
import type { CatalogColumnType, CatalogTable } from '@vitrina/contracts'
import { createEngineSlots } from './engine-slots'
import {
  addHistoryColumnSql,
  historyRef,
  historyTableStatements,
  isHistorySchema,
  replacedRows,
  rollbackStatements,
} from './history'
import { type LoadStatement, planLoad } from './load-plan'
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
  stagingColumnsSql,
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
  /** How many queries execute at once (engine-slots.ts); the rest wait in arrival order. */
  querySlots?: number
}

const STAGE = 'vitrina_stage'

/**
 * A dozen queries at once (a dashboard opening) share DuckDB's threads and its memory limit; a few at a
 * time finish sooner and never exhaust the limit, while one long query still leaves room for others.
 */
const DEFAULT_QUERY_SLOTS = 4

/**
 * Settings a deployment may override. DuckDB's own memory_limit is 80% of the machine's RAM, and a load
 * keeps its uncommitted rows in memory up to it; with a limit they go to the database file and
 * `<file>.tmp` instead (measured on a 1M-row load: see README, "Load memory").
 */
const DEFAULT_SETTINGS: Record<string, string> = { memory_limit: '128MB' }

/**
 * DuckDB in this process. Every query and every load gets its own connection, so `interrupt()` stops
 * exactly that query. Writes are serialised: DuckDB would otherwise fail one of two concurrent loads
 * into the same table with a transaction conflict at commit.
 */
export async function createDuckdbWarehouse(config: DuckdbWarehouseConfig): Promise<Warehouse> {
  // No file or network access from SQL (user queries cannot read_csv('/etc/passwd') or COPY TO a file),
  // and a locked configuration, so no statement can SET it back or change memory and threads.
  const instance = await DuckDBInstance.create(config.path, {
    ...DEFAULT_SETTINGS,
    ...config.settings,
    enable_external_access: 'false',
    lock_configuration: 'true',
  })
  const slots = createEngineSlots(config.querySlots ?? DEFAULT_QUERY_SLOTS)
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
    poolStats: () => null,

    streamQuery(query, opts = {}) {
      return makeQueryStream(opts, async function* (setColumns) {
        const connection = await instance.connect()
        const watch = watchQuery(opts, () => connection.interrupt())
        // Stopping also gives up a place still waiting for a slot.
        const engine = <T>(work: () => Promise<T>) => slots.run(work, watch.signal)
        try {
          if (watch.stopped()) throw stoppedError('cancelled', opts.timeoutMs)
          // A read-only transaction is per connection, unlike access_mode which is per database file.
          if (opts.readOnly) await connection.run('BEGIN TRANSACTION READ ONLY')
          const statements = await connection.extractStatements(query.sql)
          if (statements.count !== 1) throw multipleStatementsError()
          const prepared = await statements.prepare(0)
          prepared.bind(query.params as DuckDBValue[])
          const result = await engine(() => prepared.stream())
          const types: CatalogColumnType[] = result.columnTypes().map((t) => catalogType(t.toString()))
          setColumns(result.columnNames().map((name, i) => ({ name, type: types[i] ?? 'other' })))
          for (;;) {
            const chunk = await engine(() => result.fetchChunk())
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
        ...createTableStatements('duckdb', ref, columns),
        ...historyTableStatements('duckdb', ref, columns),
      ])
    },

    async addColumn(ref, column) {
      return ddl([addColumnSql('duckdb', ref, column), addHistoryColumnSql('duckdb', ref, column)])
    },

    async dropTable(ref) {
      return ddl([
        `DROP TABLE IF EXISTS ${quoteTable(historyRef(ref))}`,
        `DROP TABLE IF EXISTS ${quoteTable(ref)}`,
      ])
    },

    async load(target, columns, rows, mode, opts) {
      // append and replace insert each chunk straight into the target; the other modes read the staged
      // rows several times (checks, delete, insert), so they stage typed rows in a temp table first.
      const direct = mode.kind === 'append' || mode.kind === 'replace'
      const plan = planLoad(
        'duckdb',
        target,
        direct ? chunkRows(columns, 2) : `temp.main.${STAGE}`,
        columns,
        mode,
        opts.batchId,
      )
      const insert = plan.statements.at(-1) as LoadStatement
      const before = direct ? plan.statements.slice(0, -1) : []
      const after = direct ? [] : plan.statements
      return serialised(() =>
        withConnection(async (c) => {
          try {
            await c.run('BEGIN TRANSACTION')
            const result: LoadResult = { inserted: 0, deleted: 0, updated: 0, replaced: [] }
            const run = async (s: LoadStatement) => {
              const done = await c.run(s.sql, s.params as DuckDBValue[])
              if (s.count !== null) result[s.count] += done.rowsChanged
            }
            for (const s of plan.setup) await c.run(s)
            for (const s of before) await run(s)
            if (!direct) await c.run(`CREATE TEMP TABLE ${STAGE} (${stagingColumnsSql('duckdb', columns)})`)
            // The direct insert is load-plan's, whose $1 is the batch id; the staging insert has no $1 of its own.
            const chunkInsert = await c.prepare(
              direct ? insert.sql : `INSERT INTO temp.main.${STAGE} SELECT * FROM ${chunkRows(columns, 1)}`,
            )
            const fixed: DuckDBValue[] = direct ? (insert.params as DuckDBValue[]) : []
            const staged = await insertChunks(chunkInsert, fixed, columns, rows, opts.signal)
            for (const check of plan.checks) {
              const found = await c.runAndReadAll(check.sql)
              if (found.currentRowCount > 0) throw new WarehouseError(check.code, check.message)
            }
            for (const s of after) await run(s)
            result.inserted = staged - result.updated
            if (plan.replacedCounts) {
              const counts = await c.runAndReadAll(
                plan.replacedCounts.sql,
                plan.replacedCounts.params as DuckDBValue[],
              )
              result.replaced = replacedRows(counts.getRowsJson())
            }
            await c.run('COMMIT')
            return result
          } catch (err) {
            await c.run('ROLLBACK').catch(() => undefined)
            throw loadError(err)
          }
        }),
      )
    },

    rollbackBatch(ref, columns, batchId) {
      const sql = rollbackStatements(ref, columns)
      return serialised(() =>
        withConnection(async (c) => {
          try {
            await c.run('BEGIN TRANSACTION')
            for (const s of historyTableStatements('duckdb', ref, columns)) await c.run(s)
            const blockers = (await c.runAndReadAll(sql.blockers, [batchId])).getRowsJson()
            if (blockers.length > 0) {
              await c.run('ROLLBACK')
              return { status: 'blocked', replacedBy: blockers.map((r) => String(r[0])) }
            }
            const deleted = (await c.run(sql.deleteRows, [batchId])).rowsChanged
            const restored = (await c.run(sql.restore, [batchId])).rowsChanged
            await c.run(sql.forget, [batchId])
            await c.run('COMMIT')
            return { status: 'rolled_back', deleted, restored }
          } catch (err) {
            await c.run('ROLLBACK').catch(() => undefined)
            throw loadError(err)
          }
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
          if (isHistorySchema(String(schema))) continue
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

/**
 * The rows of one chunk, the statement's last parameter: a list of JSON texts of up to JSON_ROWS rows
 * each (`[["1","Москва",...],...]`), as typed columns. A list, not one text: from_json of one huge text
 * measured ~2x slower, and a chunk kept in a temp table keeps its memory until the transaction ends.
 */
function chunkRows(columns: WarehouseColumn[], param: number): string {
  return `(SELECT ${typedSelect(columns)} FROM (SELECT unnest(from_json(j, '[["VARCHAR"]]')) AS r FROM (SELECT unnest($${param}::VARCHAR[]) AS j))) AS staged`
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

/** Rows per INSERT: large enough that a statement's fixed cost vanishes, small enough to bound memory. */
const CHUNK_ROWS = 4096
/**
 * Rows per JSON text of a chunk (see chunkRows): a text stays under V8's large-object size (128 KB),
 * so it is freed by the young-generation GC rather than waiting for a full one.
 */
const JSON_ROWS = 256

/**
 * Checks and converts the rows, and inserts them in chunks of CHUNK_ROWS, bound to the prepared INSERT
 * as a list of JSON texts which SQL unnests and casts (chunkRows). One insert runs on DuckDB's threads
 * while this thread converts the next chunk (and the caller parses it), so parsing and loading overlap,
 * and memory holds about two chunks whatever the load's size.
 */
async function insertChunks(
  statement: DuckDBPreparedStatement,
  fixed: DuckDBValue[],
  columns: WarehouseColumn[],
  rows: AsyncIterable<LoadValue[][]>,
  signal: AbortSignal | undefined,
): Promise<number> {
  const width = columns.length
  const convert = columns.map(loadConverter)
  let staged = 0
  let texts: (string | null)[][] = []
  let jsons: string[] = []
  let chunkRows = 0
  let inFlight: Promise<unknown> | null = null
  const pack = () => {
    jsons.push(JSON.stringify(texts))
    chunkRows += texts.length
    texts = []
  }
  const submit = async () => {
    if (texts.length > 0) pack()
    const chunk = listValue(jsons)
    jsons = []
    chunkRows = 0
    if (inFlight) await inFlight
    statement.bind([...fixed, chunk])
    // Settled here, rejected at the next await: an insert failing while the next chunk is converted
    // must not become an unhandled rejection.
    const running = statement.run()
    running.catch(() => undefined)
    inFlight = running
  }
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
      for (const row of next.value) {
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
        texts.push(out)
        if (texts.length === JSON_ROWS) pack()
      }
      if (chunkRows + texts.length >= CHUNK_ROWS) await submit()
    }
    if (chunkRows + texts.length > 0) await submit()
    if (inFlight) await inFlight
  } finally {
    // A failure while an insert runs: let it end before the caller rolls back on the same connection.
    if (inFlight) await (inFlight as Promise<unknown>).catch(() => undefined)
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
