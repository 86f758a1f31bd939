import { createPostgresWarehouse } from '../warehouse/postgres-warehouse'
import type { CompiledQuery, QueryOptions, QueryStream, Row, Warehouse } from '../warehouse/warehouse'
import { collectQuery } from '../warehouse/warehouse'
import type { SourceDriver } from './source-driver'
import { isConnectionFailure } from './source-errors'
import { warehouseDriver } from './warehouse-driver'

export interface PostgresDriverConfig {
  host: string
  port: number
  database: string
  user: string
  password: string
  ssl: boolean
  replicas: { host: string; port: number }[]
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
  url.hostname = c.host.includes(':') ? `[${c.host}]` : c.host
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
  const primary = createPostgresWarehouse({ url: postgresUrl(config) })
  const replicas = config.replicas.map((r) => ({
    warehouse: createPostgresWarehouse({ url: postgresUrl({ ...config, host: r.host, port: r.port }) }),
    downUntil: 0,
  }))
  const primaryDriver = warehouseDriver(primary, { owned: true, builtIn: false })
  let next = 0

  const readTargets = (): Warehouse[] => {
    const now = Date.now()
    const healthy = replicas.filter((r) => r.downUntil <= now)
    const start = healthy.length > 0 ? next++ % healthy.length : 0
    return [...healthy.slice(start), ...healthy.slice(0, start)].map((r) => r.warehouse).concat(primary)
  }

  const streamQuery = (query: CompiledQuery, opts: QueryOptions = {}): QueryStream => {
    const targets = readTargets()
    const stream: QueryStream & { columns: QueryStream['columns'] } = {
      columns: null,
      async *[Symbol.asyncIterator]() {
        for (const [i, target] of targets.entries()) {
          const s = target.streamQuery(query, opts)
          let started = false
          try {
            for await (const batch of s as AsyncIterable<Row[]>) {
              started = true
              stream.columns = s.columns
              yield batch
            }
            stream.columns = s.columns
            return
          } catch (err) {
            if (started || i === targets.length - 1 || !isConnectionFailure(err)) throw err
            const replica = replicas.find((r) => r.warehouse === target)
            if (replica) replica.downUntil = Date.now() + REPLICA_COOLDOWN_MS
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
    catalog: () => primaryDriver.catalog(),
    test: () => primaryDriver.test(),
    async close() {
      await Promise.all([primary.close(), ...replicas.map((r) => r.warehouse.close())])
    },
  }
}
