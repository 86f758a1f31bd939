import { createPostgresWarehouse } from '../warehouse/postgres-warehouse'
import type { CompiledQuery, QueryOptions, QueryStream, Row, Warehouse } from '../warehouse/warehouse'
import { collectQuery } from '../warehouse/warehouse'
import type { SourceDriver } from './source-driver'
import { isConnectionFailure } from './source-errors'
import { type PgIdentity, readPgIdentity } from './system-db-guard'
import { warehouseDriver } from './warehouse-driver'

export interface PostgresDriverConfig {
  host: string
  port: number
  database: string
  user: string
  password: string
  ssl: boolean
  replicas: { host: string; port: number }[]
  /**
   * Called with each server's identity (primary and every replica) once, before the first statement that
   * server runs; throwing refuses the server (the system-DB guard).
   */
  verify?: (identity: PgIdentity) => Promise<void>
}

/** A replica that failed to connect is skipped for this long before it is tried again. */
const REPLICA_COOLDOWN_MS = 30_000

export function postgresUrl(c: {
  host: string
  port: number
  database: string
  user: string
  password: string
  ssl: boolean
}): string {
  const url = new URL('postgres://localhost')
  // A unix socket directory cannot be a URL host; pg reads it from the `host` parameter.
  if (c.host.startsWith('/')) url.searchParams.set('host', c.host)
  else url.hostname = c.host.includes(':') ? `[${c.host}]` : c.host
  url.port = String(c.port)
  url.pathname = `/${encodeURIComponent(c.database)}`
  url.username = encodeURIComponent(c.user)
  url.password = encodeURIComponent(c.password)
  if (c.ssl) url.searchParams.set('sslmode', 'require')
  return url.toString()
}

/**
 * PostgreSQL: reads go to the read replicas round-robin; a replica that cannot be connected to is skipped
 * (for a cool-down) and the query goes to the next one, then to the primary. Catalog and test use the primary.
 */
export function createPostgresDriver(config: PostgresDriverConfig): SourceDriver {
  const target = (host: string, port: number): Target => ({
    warehouse: createPostgresWarehouse({ url: postgresUrl({ ...config, host, port }) }),
    downUntil: 0,
    verified: null,
  })
  const primary = target(config.host, config.port)
  const replicas = config.replicas.map((r) => target(r.host, r.port))
  const primaryDriver = warehouseDriver(primary.warehouse, { owned: true, builtIn: false })
  let next = 0

  /** Identity checked once per server; a failure (unreachable, refused) is checked again next time. */
  const verified = (t: Target): Promise<void> => {
    if (!config.verify) return Promise.resolve()
    const verify = config.verify
    t.verified ??= readPgIdentity(
      async (sql) => (await t.warehouse.runQuery({ sql, params: [] }, IDENTITY_QUERY)).rows,
    ).then(verify)
    t.verified.catch(() => {
      t.verified = null
    })
    return t.verified
  }

  const readTargets = (): Target[] => {
    const now = Date.now()
    const healthy = replicas.filter((r) => r.downUntil <= now)
    const start = healthy.length > 0 ? next++ % healthy.length : 0
    return [...healthy.slice(start), ...healthy.slice(0, start), primary]
  }

  const streamQuery = (query: CompiledQuery, opts: QueryOptions = {}): QueryStream => {
    const targets = readTargets()
    const stream: QueryStream & { columns: QueryStream['columns'] } = {
      columns: null,
      async *[Symbol.asyncIterator]() {
        for (const [i, target] of targets.entries()) {
          let started = false
          try {
            await verified(target)
            const s = target.warehouse.streamQuery(query, opts)
            for await (const batch of s as AsyncIterable<Row[]>) {
              started = true
              stream.columns = s.columns
              yield batch
            }
            stream.columns = s.columns
            return
          } catch (err) {
            if (started || i === targets.length - 1 || !isConnectionFailure(err)) throw err
            if (target !== primary) target.downUntil = Date.now() + REPLICA_COOLDOWN_MS
          }
        }
      },
    }
    return stream
  }

  return {
    dialect: 'postgres',
    streamQuery,
    runQuery: (query, opts) => collectQuery(streamQuery, query, opts),
    async catalog() {
      await verified(primary)
      return primaryDriver.catalog()
    },
    async test() {
      const result = await primaryDriver.test()
      await verified(primary)
      // Replicas that answer are checked now; one that is down is checked before its first query.
      for (const r of replicas) {
        try {
          await verified(r)
        } catch (err) {
          if (!isConnectionFailure(err)) throw err
        }
      }
      return result
    },
    async close() {
      await Promise.all([primary, ...replicas].map((t) => t.warehouse.close()))
    },
  }
}

interface Target {
  warehouse: Warehouse
  downUntil: number
  verified: Promise<void> | null
}

const IDENTITY_QUERY = { readOnly: true, timeoutMs: 10_000 } as const
