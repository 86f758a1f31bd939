import type { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely'

/**
 * PGlite is one connection; Kysely may ask for several at once (a transaction beside a plain query).
 * A FIFO lock hands the single connection out one borrower at a time, so a transaction never interleaves.
 */
class ConnectionLock {
  private tail: Promise<void> = Promise.resolve()
  /** The holder plus everyone queued behind it (read by the pool metrics). */
  borrowers = 0

  acquire(): Promise<() => void> {
    let release!: () => void
    this.borrowers++
    const next = new Promise<void>((resolve) => {
      release = () => {
        this.borrowers--
        resolve()
      }
    })
    const ready = this.tail.then(() => release)
    this.tail = this.tail.then(() => next)
    return ready
  }
}

class PGliteConnection implements DatabaseConnection {
  release: (() => void) | null = null

  constructor(private readonly db: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.db.query<R>(query.sql, query.parameters as unknown[])
    const isWrite = /^\s*(insert|update|delete|merge)\b/i.test(query.sql)
    return isWrite && result.affectedRows !== undefined
      ? { rows: result.rows, numAffectedRows: BigInt(result.affectedRows) }
      : { rows: result.rows }
  }

  // biome-ignore lint/correctness/useYield: PGlite has no cursors; Kysely only calls this when asked to stream.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not available on the embedded system database')
  }
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection

  constructor(
    private readonly db: PGlite,
    private readonly lock: ConnectionLock,
  ) {
    this.connection = new PGliteConnection(db)
  }

  async init(): Promise<void> {
    await this.db.waitReady
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    this.connection.release = await this.lock.acquire()
    return this.connection
  }

  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('begin'))
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('rollback'))
  }

  async releaseConnection(): Promise<void> {
    const release = this.connection.release
    this.connection.release = null
    release?.()
  }

  async destroy(): Promise<void> {
    await this.db.close()
  }
}

/** Kysely dialect over PGlite: the same PostgreSQL SQL as production, in-process. */
export class PGliteDialect implements Dialect {
  private readonly lock = new ConnectionLock()
  constructor(private readonly db: PGlite) {}
  createDriver(): Driver {
    return new PGliteDriver(this.db, this.lock)
  }
  /** The single connection as a pool of one. */
  poolStats() {
    const busy = this.lock.borrowers > 0 ? 1 : 0
    return { max: 1, total: 1, idle: 1 - busy, waiting: Math.max(0, this.lock.borrowers - 1) }
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler()
  }
  createAdapter() {
    return new PostgresAdapter()
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db)
  }
}
