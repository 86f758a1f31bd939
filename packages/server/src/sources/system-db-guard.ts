import { realpathSync } from 'node:fs'
import path from 'node:path'
import type { SourceConnection } from '@vitrina/contracts'
import { SourceError } from './source-errors'

export interface SystemDbLocation {
  /** `DATABASE_URL`, or null when the system DB is the embedded PGlite. */
  databaseUrl: string | null
  /** The data folder (PGlite's `system-db`, the warehouse file, the secret key); null in memory-only tests. */
  dataDir: string | null
}

const LOCAL = new Set(['localhost', '127.0.0.1', '::1', '[::1]', ''])
const sameHost = (a: string, b: string) =>
  a.toLowerCase() === b.toLowerCase() || (LOCAL.has(a.toLowerCase()) && LOCAL.has(b.toLowerCase()))

/**
 * The system DB (users, sessions, permissions) can never be a source: a PostgreSQL source on the same
 * host, port and database as `DATABASE_URL` is refused, and so is any DuckDB path inside the data folder
 * (the embedded PGlite system DB and the warehouse file live there).
 */
export function assertNotSystemDb(connection: SourceConnection, system: SystemDbLocation): void {
  const refuse = () => {
    throw new SourceError('SOURCE_IS_SYSTEM_DB', 'Vitrina’s own system database cannot be added as a source')
  }
  if (connection.kind === 'postgres' && system.databaseUrl) {
    const sys = new URL(system.databaseUrl)
    const sysDb =
      decodeURIComponent(sys.pathname.replace(/^\//, '')) || decodeURIComponent(sys.username) || 'postgres'
    const sysPort = Number(sys.port || 5432)
    const hosts = [{ host: connection.host, port: connection.port }, ...connection.replicas]
    if (
      connection.database === sysDb &&
      hosts.some((h) => h.port === sysPort && sameHost(h.host, sys.hostname))
    )
      refuse()
  }
  if (connection.kind === 'duckdb' && system.dataDir) {
    const real = (p: string) => {
      try {
        return realpathSync(p)
      } catch {
        return path.resolve(p)
      }
    }
    const rel = path.relative(real(system.dataDir), real(connection.path))
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) refuse()
  }
}
