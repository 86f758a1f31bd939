import type { CatalogColumnType, ResultColumn } from '@vitrina/contracts'
import mysql from 'mysql2'
import type { Pool, PoolConnection } from 'mysql2/promise'
import { makeQueryStream, stoppedError, watchQuery } from '../warehouse/query-stream'
import { normalizeValue } from '../warehouse/sql'
import { collectQuery, type Row } from '../warehouse/warehouse'
import { errorMessage, WarehouseError } from '../warehouse/warehouse-errors'
import { readCatalog } from './catalog-sql'
import type { SourceDriver } from './source-driver'
import { connectionError } from './source-errors'

export interface MysqlDriverConfig {
  host: string
  port: number
  database: string
  user: string
  password: string
  ssl: boolean
}

/** mysql2 protocol type ids → catalog types (text blobs count as text unless the charset is binary). */
function columnType(field: { columnType?: number; type?: number; characterSet?: number }): CatalogColumnType {
  const t = field.columnType ?? field.type ?? -1
  if ([1, 2, 3, 8, 9, 13].includes(t)) return 'integer'
  if (t === 0 || t === 246) return 'decimal'
  if (t === 4 || t === 5) return 'float'
  if (t === 10 || t === 14) return 'date'
  if (t === 7 || t === 12) return 'timestamp'
  if ([15, 247, 248, 253, 254, 249, 250, 251, 252].includes(t))
    return field.characterSet === 63 ? 'other' : 'text'
  return 'other'
}

const WRITE_IN_READ_ONLY = new Set([1792, 1290])
const TIMED_OUT = new Set([1969, 3024])
const KILLED = new Set([1317])

/**
 * MySQL / MariaDB over mysql2: server-side prepared statements (values bound, never spliced), a read-only
 * transaction, the engine's statement time limit (MariaDB `max_statement_time`, MySQL
 * `max_execution_time`), and `KILL QUERY` from a second connection on cancel.
 */
export function createMysqlDriver(config: MysqlDriverConfig): SourceDriver {
  const pool: Pool = mysql
    .createPool({
      host: config.host,
      port: config.port,
      database: config.database,
      user: config.user,
      password: config.password,
      ssl: config.ssl ? {} : undefined,
      connectionLimit: 10,
      connectTimeout: 10_000,
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      decimalNumbers: false,
      multipleStatements: false,
      timezone: 'Z',
    })
    .promise()
  let mariadb: Promise<boolean> | null = null
  const isMariadb = () => {
    mariadb ??= pool
      .query('SELECT VERSION()')
      .then(([rows]) => /mariadb/i.test(String(Object.values((rows as object[])[0] ?? {})[0])))
    return mariadb
  }

  const driver: SourceDriver = {
    dialect: 'mysql',

    streamQuery(query, opts = {}) {
      return makeQueryStream(opts, async function* (setColumns) {
        let conn: PoolConnection
        try {
          conn = await pool.getConnection()
        } catch (err) {
          throw connectionError(err)
        }
        const threadId = conn.threadId
        const killing: Promise<unknown>[] = []
        const watch = watchQuery(opts, () => {
          killing.push(pool.query(`KILL QUERY ${Number(threadId)}`).catch(() => undefined))
        })
        let broken = false
        try {
          if (watch.stopped()) throw stoppedError('cancelled', opts.timeoutMs)
          if (opts.timeoutMs !== undefined) {
            const limit = (await isMariadb())
              ? `SET SESSION max_statement_time = ${Math.max(0.001, opts.timeoutMs / 1000)}`
              : `SET SESSION max_execution_time = ${Math.ceil(opts.timeoutMs)}`
            await conn.query(limit)
          }
          await conn.query(opts.readOnly ? 'START TRANSACTION READ ONLY' : 'START TRANSACTION')
          const core = conn.connection as unknown as mysql.Connection
          const command = core.execute({
            sql: query.sql,
            values: query.params as never[],
            rowsAsArray: true,
          })
          let types: CatalogColumnType[] = []
          command.once('fields', (fields: { name: string; columnType?: number; characterSet?: number }[]) => {
            types = fields.map(columnType)
            setColumns(fields.map((f, i): ResultColumn => ({ name: f.name, type: types[i] ?? 'other' })))
          })
          const stream = command.stream({ highWaterMark: 1000 })
          let batch: Row[] = []
          try {
            for await (const raw of stream as AsyncIterable<unknown[]>) {
              batch.push(raw.map((v, i) => normalizeValue(v, types[i] ?? 'other')))
              if (batch.length >= 1000) {
                yield batch
                batch = []
              }
              if (watch.stopped()) break
            }
          } finally {
            // Leaving early (row cap, cancel) leaves unread rows on the wire: the connection is discarded.
            if (!stream.readableEnded) {
              broken = true
              killing.push(pool.query(`KILL QUERY ${Number(threadId)}`).catch(() => undefined))
              stream.destroy()
            }
          }
          if (batch.length > 0) yield batch
          const stopped = watch.stopped()
          if (stopped) throw stoppedError(stopped, opts.timeoutMs)
          await conn.query('ROLLBACK')
        } catch (err) {
          const stopped = watch.stopped()
          if (stopped) throw stoppedError(stopped, opts.timeoutMs)
          throw mysqlError(err, opts.timeoutMs)
        } finally {
          watch.dispose()
          await Promise.all(killing)
          if (broken || killing.length > 0) conn.destroy()
          else {
            await conn.query('ROLLBACK').catch(() => {
              broken = true
            })
            if (broken) conn.destroy()
            else conn.release()
          }
        }
      })
    },

    runQuery(query, opts) {
      return collectQuery(driver.streamQuery, query, opts)
    },

    catalog() {
      return readCatalog('mysql', (q) => driver.runQuery(q, { readOnly: true, timeoutMs: 60_000 }))
    },

    async test() {
      try {
        const [rows] = await pool.query('SELECT VERSION() AS v')
        return { serverVersion: String((rows as { v: string }[])[0]?.v ?? '') }
      } catch (err) {
        throw connectionError(err)
      }
    },

    async close() {
      await pool.end()
    },
  }
  return driver
}

function mysqlError(err: unknown, timeoutMs: number | undefined): Error {
  if (err instanceof WarehouseError) return err
  const errno = Number((err as { errno?: unknown }).errno)
  if (WRITE_IN_READ_ONLY.has(errno))
    return new WarehouseError('WAREHOUSE_WRITE_REFUSED', 'This query may only read data', {
      engine: errorMessage(err),
    })
  if (TIMED_OUT.has(errno)) return stoppedError('timeout', timeoutMs)
  if (KILLED.has(errno)) return stoppedError('cancelled', timeoutMs)
  return new WarehouseError('WAREHOUSE_QUERY_FAILED', errorMessage(err))
}
