import { once } from 'node:events'
import { finished } from 'node:stream/promises'
import type { CatalogColumnType, CatalogTable } from '@vitrina/contracts'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import {
  addHistoryColumnSql,
  historyRef,
  historyTableStatements,
  isHistorySchema,
  replacedRows,
  rollbackStatements,
} from './history'
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
  stagingColumnsSql,
  trimDecimal,
} from './sql'
import {
  BATCH_COLUMN,
  type Catalog,
  collectQuery,
  type LoadResult,
  type LoadValue,
  type TableRef,
  type Warehouse,
  type WarehouseColumn,
} from './warehouse'
import { errorMessage, multipleStatementsError, WarehouseError } from './warehouse-errors'

export interface PostgresWarehouseConfig {
  /** `WAREHOUSE_URL`. */
  url: string
  /** Pool size; one more than the busiest query count, so a cancel can always get a connection. */
  maxConnections?: number
}

const STAGE = 'vitrina_stage'
const CURSOR = 'vitrina_cursor'
/** Statements a cursor can stream; anything else runs as a plain statement and comes back at once. */
const CURSORABLE = /^\s*\(*\s*(select|with|values|table)\b/i

const OID_TYPES: Record<number, CatalogColumnType> = {
  16: 'boolean',
  20: 'integer',
  21: 'integer',
  23: 'integer',
  26: 'integer',
  1700: 'decimal',
  700: 'float',
  701: 'float',
  1082: 'date',
  1114: 'timestamp',
  1184: 'timestamp',
  25: 'text',
  1043: 'text',
  1042: 'text',
  19: 'text',
}

/** Dates and timestamps stay text (no local-zone `Date`), numerics stay exact strings. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    switch (oid) {
      case 20:
        return (v: string) => normalizeValue(v, 'integer')
      case 1700:
        return trimDecimal
      case 1082:
      case 1114:
      case 1184:
        return (v: string) => v
      default:
        return pg.types.getTypeParser(oid, format)
    }
  },
}

/** PostgreSQL over `pg`: a cursor per streamed query, COPY FROM STDIN into a temp table per load. */
export function createPostgresWarehouse(config: PostgresWarehouseConfig): Warehouse {
  const pool = new pg.Pool({ connectionString: config.url, max: config.maxConnections ?? 10, types })
  // An idle client's network error must not crash the process; the next checkout reconnects.
  pool.on('error', () => undefined)

  async function inTransaction<T>(
    work: (client: pg.PoolClient) => Promise<T>,
    mapError: (err: unknown) => Error,
  ) {
    const client = await pool.connect()
    let broken: Error | undefined
    try {
      await client.query('BEGIN')
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => {
        broken = e
      })
      throw mapError(err)
    } finally {
      client.release(broken)
    }
  }
  const ddl = (sql: string[]) =>
    inTransaction(
      async (c) => {
        for (const s of sql) await c.query(s)
      },
      (err) =>
        err instanceof WarehouseError
          ? err
          : new WarehouseError('WAREHOUSE_INVALID_DEFINITION', errorMessage(err)),
    )

  const warehouse: Warehouse = {
    dialect: 'postgres',
    poolStats: () => ({
      max: pool.options.max ?? 10,
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),

    streamQuery(query, opts = {}) {
      return makeQueryStream(opts, async function* (setColumns, fetchRows) {
        const client = await pool.connect()
        const pid = (client as unknown as { processID: number }).processID
        // Cancelling from another connection stops the statement on the server, not just our read.
        const cancelling: Promise<unknown>[] = []
        const watch = watchQuery(opts, () => {
          cancelling.push(pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined))
        })
        // A read-only query ends in ROLLBACK, which also undoes any SET it made on the pooled session.
        const end = opts.readOnly ? 'ROLLBACK' : 'COMMIT'
        let done = false
        let broken: Error | undefined
        try {
          if (watch.stopped()) throw stoppedError('cancelled', opts.timeoutMs)
          await client.query(opts.readOnly ? 'BEGIN READ ONLY' : 'BEGIN')
          if (opts.timeoutMs !== undefined) {
            await client.query(`SELECT set_config('statement_timeout', $1, true)`, [String(opts.timeoutMs)])
          }
          const sql = query.sql.replace(/[\s;]+$/, '')
          if (CURSORABLE.test(sql)) {
            await client.query(extended(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${sql}`, query.params))
            let first = true
            for (;;) {
              const result = await client.query({
                text: `FETCH ${fetchRows} FROM ${CURSOR}`,
                rowMode: 'array',
              })
              const kinds = columnKinds(result.fields)
              if (first)
                setColumns(result.fields.map((f, i) => ({ name: f.name, type: kinds[i] ?? 'other' })))
              first = false
              if (result.rows.length > 0) yield convertRows(result.rows, kinds)
              if (result.rows.length < fetchRows || watch.stopped()) break
            }
          } else {
            const result = await client.query(extended(sql, query.params))
            const kinds = columnKinds(result.fields ?? [])
            setColumns((result.fields ?? []).map((f, i) => ({ name: f.name, type: kinds[i] ?? 'other' })))
            await client.query(end)
            done = true
            yield convertRows(result.rows ?? [], kinds)
          }
          const stopped = watch.stopped()
          if (stopped) throw stoppedError(stopped, opts.timeoutMs)
          if (!done) await client.query(end)
          done = true
        } catch (err) {
          const stopped = watch.stopped()
          if (stopped) throw stoppedError(stopped, opts.timeoutMs)
          throw queryError(err, opts.timeoutMs)
        } finally {
          watch.dispose()
          // Also reached when the reader stops early (row cap): the transaction closes the cursor.
          if (cancelling.length > 0) {
            // A cancel still in flight could hit this connection's next user: wait for it, then discard.
            await Promise.all(cancelling)
            broken = new Error('query was cancelled')
          } else if (!done) {
            await client.query('ROLLBACK').catch((e: Error) => {
              broken = e
            })
          }
          client.release(broken)
        }
      })
    },

    runQuery(query, opts) {
      return collectQuery(warehouse.streamQuery, query, opts)
    },

    async createTable(ref, columns) {
      return ddl([
        ...createTableStatements('postgres', ref, columns),
        ...historyTableStatements('postgres', ref, columns),
      ])
    },

    async addColumn(ref, column) {
      return ddl([addColumnSql('postgres', ref, column), addHistoryColumnSql('postgres', ref, column)])
    },

    async dropTable(ref) {
      return ddl([
        `DROP TABLE IF EXISTS ${quoteTable(historyRef(ref))}`,
        `DROP TABLE IF EXISTS ${quoteTable(ref)}`,
      ])
    },

    async load(target, columns, rows, mode, opts) {
      const plan = planLoad('postgres', target, `pg_temp.${STAGE}`, columns, mode, opts.batchId)
      const replaced = async (c: pg.PoolClient) =>
        plan.replacedCounts
          ? replacedRows(
              (
                await c.query({
                  text: plan.replacedCounts.sql,
                  values: plan.replacedCounts.params,
                  rowMode: 'array',
                })
              ).rows,
            )
          : []
      return inTransaction(async (c) => {
        if (plan.setup.length > 0) await ensureHistory(c, target, plan.setup)
        if (mode.kind === 'append' || mode.kind === 'replace') {
          // One pass: COPY straight into the target, the batch id as its last column (staging and then
          // INSERT … SELECT wrote every row twice). The plan's statements before its insert (replace's
          // history copy and DELETE) run first.
          const result: LoadResult = { inserted: 0, deleted: 0, updated: 0, replaced: [] }
          for (const s of plan.statements.slice(0, -1)) {
            const done = await c.query(s.sql, s.params)
            if (s.count !== null) result[s.count] += done.rowCount ?? 0
          }
          const names = [...columns.map((col) => col.identifier), BATCH_COLUMN].map(quoteIdent).join(', ')
          const copy = `COPY ${quoteTable(target)} (${names}) FROM STDIN`
          result.inserted = await copyRows(
            c,
            copy,
            columns,
            rows,
            opts.signal,
            `\t${copyField(opts.batchId)}`,
          )
          result.replaced = await replaced(c)
          return result
        }
        await c.query(`CREATE TEMP TABLE ${STAGE} (${stagingColumnsSql('postgres', columns)}) ON COMMIT DROP`)
        const staged = await copyRows(c, `COPY pg_temp.${STAGE} FROM STDIN`, columns, rows, opts.signal, '')
        const result: LoadResult = { inserted: staged, deleted: 0, updated: 0, replaced: [] }
        // Fresh statistics so the key match of upsert / the period delete get a sensible plan.
        if (plan.checks.length > 0 || mode.kind === 'replace-period')
          await c.query(`ANALYZE pg_temp.${STAGE}`)
        for (const check of plan.checks) {
          const found = await c.query(check.sql)
          if ((found.rowCount ?? 0) > 0) throw new WarehouseError(check.code, check.message)
        }
        for (const s of plan.statements) {
          const done = await c.query(s.sql, s.params)
          if (s.count !== null) result[s.count] += done.rowCount ?? 0
        }
        result.inserted = staged - result.updated
        result.replaced = await replaced(c)
        return result
      }, loadError)
    },

    async rollbackBatch(ref, columns, batchId) {
      const sql = rollbackStatements(ref, columns)
      return inTransaction(async (c) => {
        await ensureHistory(c, ref, historyTableStatements('postgres', ref, columns))
        // Rows of this table change only through this transaction from here on: a load committing meanwhile
        // could otherwise replace rows between the check and the delete.
        await c.query(`LOCK TABLE ${quoteTable(ref)} IN SHARE ROW EXCLUSIVE MODE`)
        const blockers = await c.query({ text: sql.blockers, values: [batchId], rowMode: 'array' })
        if (blockers.rows.length > 0) {
          return { status: 'blocked', replacedBy: blockers.rows.map((r) => String(r[0])) } as const
        }
        const deleted = (await c.query(sql.deleteRows, [batchId])).rowCount ?? 0
        const restored = (await c.query(sql.restore, [batchId])).rowCount ?? 0
        await c.query(sql.forget, [batchId])
        return { status: 'rolled_back', deleted, restored } as const
      }, loadError)
    },

    async introspect(): Promise<Catalog> {
      const columns = await pool.query<{ s: string; t: string; c: string; type: string }>(
        `SELECT c.table_schema AS s, c.table_name AS t, c.column_name AS c, c.data_type AS type
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema <> 'information_schema' AND c.table_schema NOT LIKE 'pg\\_%'
           AND t.table_type IN ('BASE TABLE', 'VIEW') AND c.column_name <> $1
         ORDER BY c.table_schema, c.table_name, c.ordinal_position`,
        [BATCH_COLUMN],
      )
      const keys = await pool.query<{ s: string; t: string; c: string; rs: string; rt: string; rc: string }>(
        `SELECT ns.nspname AS s, cl.relname AS t, a.attname AS c, rns.nspname AS rs, rcl.relname AS rt, ra.attname AS rc
         FROM pg_constraint con
         JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = cl.relnamespace
         JOIN pg_class rcl ON rcl.oid = con.confrelid JOIN pg_namespace rns ON rns.oid = rcl.relnamespace
         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
         JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = con.confkey[1]
         WHERE con.contype = 'f' AND array_length(con.conkey, 1) = 1`,
      )
      const tables = new Map<string, CatalogTable>()
      for (const row of columns.rows) {
        if (isHistorySchema(row.s)) continue
        const key = JSON.stringify([row.s, row.t])
        let table = tables.get(key)
        if (!table) {
          table = { schema: row.s, name: row.t, columns: [], foreignKeys: [] }
          tables.set(key, table)
        }
        table.columns.push({ name: row.c, type: catalogType(row.type) })
      }
      for (const k of keys.rows) {
        tables.get(JSON.stringify([k.s, k.t]))?.foreignKeys.push({
          column: k.c,
          references: { schema: k.rs, name: k.rt, column: k.rc },
          detected: false,
        })
      }
      return { tables: [...tables.values()] }
    },

    async close() {
      await pool.end()
    },
  }
  return warehouse
}

/**
 * Creates the history table of a table made before history existed. Only when it is missing: CREATE INDEX,
 * even with IF NOT EXISTS, locks the table against the writes of concurrent loads.
 */
async function ensureHistory(c: pg.PoolClient, ref: TableRef, setup: string[]): Promise<void> {
  const found = await c.query('SELECT to_regclass($1) IS NOT NULL AS e', [quoteTable(historyRef(ref))])
  if (found.rows[0]?.e === true) return
  for (const s of setup) await c.query(s)
}

/**
 * The extended protocol takes exactly one statement. Without it (pg's default when there are no
 * parameters) `COMMIT; DELETE ...` would end the read-only transaction and write.
 */
function extended(text: string, values: unknown[]): pg.QueryArrayConfig {
  return { text, values, rowMode: 'array', queryMode: 'extended' } as pg.QueryArrayConfig
}

function columnKinds(fields: pg.FieldDef[]): CatalogColumnType[] {
  return fields.map((f) => OID_TYPES[f.dataTypeID] ?? 'other')
}

function convertRows(rows: unknown[][], kinds: CatalogColumnType[]) {
  return rows.map((row) => row.map((v, i) => normalizeValue(v, kinds[i] ?? 'other')))
}

const NEEDS_ESCAPE = /[\\\n\r\t]/

/** COPY text format: tab-separated, `\N` for NULL, backslash escapes. */
function copyField(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text
  return text.replace(/[\\\n\r\t]/g, (ch) =>
    ch === '\\' ? '\\\\' : ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : '\\t',
  )
}

/** Streams the rows through `copySql`; `rowEnd` is COPY text added to every row (a constant column). */
async function copyRows(
  client: pg.PoolClient,
  copySql: string,
  columns: WarehouseColumn[],
  rows: AsyncIterable<LoadValue[][]>,
  signal: AbortSignal | undefined,
  rowEnd: string,
): Promise<number> {
  const width = columns.length
  const convert = columns.map(loadConverter)
  const stream = client.query(copyFrom(copySql))
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
      let chunk = ''
      for (const row of next.value) {
        staged++
        if (row.length !== width) {
          throw new WarehouseError(
            'WAREHOUSE_LOAD_BAD_VALUE',
            `Row ${staged} has ${row.length} values, expected ${width}`,
          )
        }
        for (let i = 0; i < width; i++) {
          const v = row[i]
          const text =
            v === null || v === undefined ? '\\N' : copyField((convert[i] as LoadConverter)(v, staged))
          chunk += i === 0 ? text : `\t${text}`
        }
        chunk += `${rowEnd}\n`
      }
      // `once` rejects if the server refuses a value meanwhile, so a bad row stops the upload early.
      if (chunk.length > 0 && !stream.write(chunk)) await once(stream, 'drain')
    }
    stream.end()
    await finished(stream)
  } catch (err) {
    // Sends CopyFail, so the connection leaves COPY mode and the transaction can roll back.
    stream.destroy(err instanceof Error ? err : new Error(String(err)))
    await finished(stream).catch(() => undefined)
    throw err
  }
  return staged
}

function queryError(err: unknown, timeoutMs: number | undefined): Error {
  if (err instanceof WarehouseError) return err
  const code = (err as { code?: string }).code
  if (code === '25006') {
    return new WarehouseError('WAREHOUSE_WRITE_REFUSED', 'This query may only read data', {
      engine: errorMessage(err),
    })
  }
  if (code === '42601' && /multiple commands/.test(errorMessage(err))) return multipleStatementsError()
  if (code === '57014')
    return stoppedError(/timeout/.test(errorMessage(err)) ? 'timeout' : 'cancelled', timeoutMs)
  return new WarehouseError('WAREHOUSE_QUERY_FAILED', errorMessage(err))
}

function loadError(err: unknown): Error {
  if (err instanceof RowSourceError) return sourceError(err)
  if (err instanceof WarehouseError) return err
  const { code, where } = err as { code?: string; where?: string }
  const message = where ? `${errorMessage(err)} (${where})` : errorMessage(err)
  if (code?.startsWith('22')) return new WarehouseError('WAREHOUSE_LOAD_BAD_VALUE', message)
  if (code?.startsWith('23')) return new WarehouseError('WAREHOUSE_LOAD_CONSTRAINT', message)
  return new WarehouseError('WAREHOUSE_LOAD_FAILED', message)
}
