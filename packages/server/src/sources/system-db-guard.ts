import { readdirSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import type { SourceConnection } from '@vitrina/contracts'
import pg from 'pg'
import { ConfigError } from '../config/config'
import { SourceError } from './source-errors'

export interface SystemDbLocation {
  /** `DATABASE_URL`, or null when the system DB is the embedded PGlite. */
  databaseUrl: string | null
  /** The data folder (PGlite's `system-db`, the warehouse file, the secret key); null in memory-only tests. */
  dataDir: string | null
}

/**
 * Which PostgreSQL database a connection reached, whatever name, address, socket or alias led there:
 * the cluster's `system_identifier` (shared by its physical replicas; null where the role may not read
 * `pg_control_system()`), the postmaster's start time (unique per running server) and the database oid.
 */
export interface PgIdentity {
  systemIdentifier: string | null
  startedAt: string
  databaseOid: string
}

/** Runs one statement and returns its rows as arrays. */
export type RunSql = (sql: string) => Promise<unknown[][]>

/** Reads the identity through the caller's own connection (a source's read-only path, or the system DB). */
export async function readPgIdentity(run: RunSql): Promise<PgIdentity> {
  const [row] = await run(
    'SELECT CAST(pg_postmaster_start_time() AS text), CAST(d.oid AS text) FROM pg_database d WHERE d.datname = current_database()',
  )
  let systemIdentifier: string | null = null
  try {
    const [id] = await run('SELECT CAST(system_identifier AS text) FROM pg_control_system()')
    systemIdentifier = id?.[0] === undefined || id[0] === null ? null : String(id[0])
  } catch {
    // Some installations revoke pg_control_system() from ordinary roles; the start time still identifies it.
  }
  return { systemIdentifier, startedAt: String(row?.[0]), databaseOid: String(row?.[1]) }
}

/** Same database of the same cluster (or of a physical replica of it). */
export function sameDatabase(a: PgIdentity, b: PgIdentity): boolean {
  if (a.databaseOid !== b.databaseOid) return false
  if (a.systemIdentifier !== null && b.systemIdentifier !== null)
    return a.systemIdentifier === b.systemIdentifier
  return a.startedAt === b.startedAt
}

const refused = () =>
  new SourceError('SOURCE_IS_SYSTEM_DB', 'Vitrina’s own system database cannot be added as a source')

/**
 * The system DB (users, sessions, permissions) can never be a source. Before connecting: a DuckDB path is
 * resolved (symlinks, `..`, hard links) and refused inside the data folder, where the embedded PGlite system
 * DB and the warehouse file live. After connecting to PostgreSQL — the primary and each replica —
 * `assertPostgres` compares the server's identity with the system DB's, so 127.0.0.2, 0.0.0.0, a socket
 * path, the machine's name or any DNS alias is caught as well.
 */
export function createSystemDbGuard(
  system: SystemDbLocation,
  systemIdentity: () => Promise<PgIdentity | null>,
) {
  let identity: Promise<PgIdentity | null> | null = null
  const ownIdentity = () => {
    identity ??= systemIdentity().catch((err: unknown) => {
      identity = null
      throw err
    })
    return identity
  }
  return {
    /** Checks that need no connection. */
    assertConnection(connection: SourceConnection): void {
      if (connection.kind === 'duckdb' && system.dataDir && insideFolder(connection.path, system.dataDir))
        throw refused()
    },
    /** After connecting to a PostgreSQL server: refused when it is the system DB's database. */
    async assertPostgres(source: PgIdentity): Promise<void> {
      if (!system.databaseUrl) return
      const own = await ownIdentity()
      if (own && sameDatabase(source, own)) throw refused()
    },
  }
}

export type SystemDbGuard = ReturnType<typeof createSystemDbGuard>

/** The path, or a hard link to a file, inside `folder` once symlinks and `..` are resolved. */
function insideFolder(candidate: string, folder: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p)
    } catch {
      return path.resolve(p)
    }
  }
  const root = real(folder)
  const rel = path.relative(root, real(candidate))
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) return true
  let file: ReturnType<typeof statSync>
  try {
    file = statSync(candidate)
  } catch {
    return false
  }
  if (file.nlink < 2) return false
  return filesIn(root).some((p) => {
    try {
      const s = statSync(p)
      return s.ino === file.ino && s.dev === file.dev
    } catch {
      return false
    }
  })
}

/** Files of the data folder, two levels deep (the warehouse file and the PGlite folder's top files). */
function filesIn(root: string): string[] {
  const out: string[] = []
  const walk = (dir: string, depth: number) => {
    let entries: import('node:fs').Dirent[]
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries) {
      const p = path.join(dir, e.name)
      if (e.isFile()) out.push(p)
      else if (e.isDirectory() && depth > 0) walk(p, depth - 1)
    }
  }
  walk(root, 1)
  return out
}

/** The system DB's identity through its own Kysely/pg connection; null for the embedded PGlite. */
export function systemDbIdentity(databaseUrl: string | null): () => Promise<PgIdentity | null> {
  return async () => (databaseUrl ? identityAt(databaseUrl) : null)
}

/** Connects once to `url` and reads its identity. */
export async function identityAt(url: string): Promise<PgIdentity> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await readPgIdentity(
      async (sql) => (await client.query({ text: sql, rowMode: 'array' })).rows as unknown[][],
    )
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * Start-up check: `WAREHOUSE_URL` must not be the system DB's database (users and sessions would become
 * queryable as datasets). Compared by server identity, so another spelling of the same host is caught.
 */
export async function assertWarehouseIsNotSystemDb(config: {
  databaseUrl: string | null
  warehouse: { url: string | null }
}): Promise<void> {
  if (!config.databaseUrl || !config.warehouse.url) return
  const [system, warehouse] = await Promise.all([
    identityAt(config.databaseUrl),
    identityAt(config.warehouse.url),
  ])
  if (sameDatabase(system, warehouse))
    throw new ConfigError([
      'WAREHOUSE_URL: points at the same database as DATABASE_URL; the warehouse needs a database of its own',
    ])
}
