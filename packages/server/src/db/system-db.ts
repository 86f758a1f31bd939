import fs from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, Migrator, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { PoolStats } from '../metrics/registry'
import { migrations } from './migrations'
import { PGliteDialect } from './pglite-dialect'
import type { SystemDatabase } from './schema'

export type SystemDb = Kysely<SystemDatabase>

export interface SystemDbTarget {
  /** postgres:// URL for production; null for the embedded PGlite. */
  databaseUrl: string | null
  /** Folder for PGlite's files; null keeps it in memory (tests). */
  dataDir: string | null
}

export interface OpenedSystemDb {
  db: SystemDb
  kind: 'postgres' | 'pglite'
  /** Connection usage right now, for the pool metrics. */
  poolStats(): PoolStats
  close(): Promise<void>
}

export async function openSystemDb(target: SystemDbTarget): Promise<OpenedSystemDb> {
  if (target.databaseUrl) {
    const pool = new pg.Pool({ connectionString: target.databaseUrl, max: 10 })
    // An idle connection the server closes (restart, failover, terminated backend) is dropped from the pool
    // and replaced on the next checkout; without a listener pg re-throws it and takes the process down.
    pool.on('error', (err) => process.emitWarning(`system database: idle connection closed: ${err.message}`))
    const db = new Kysely<SystemDatabase>({ dialect: new PostgresDialect({ pool }) })
    const poolStats = () => ({
      max: pool.options.max ?? 10,
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    })
    return { db, kind: 'postgres', poolStats, close: () => db.destroy() }
  }
  let folder: string | undefined
  if (target.dataDir) {
    folder = path.join(target.dataDir, 'system-db')
    await fs.mkdir(folder, { recursive: true })
  }
  const pglite = await PGlite.create(folder ? { dataDir: folder } : {})
  const dialect = new PGliteDialect(pglite)
  const db = new Kysely<SystemDatabase>({ dialect })
  return { db, kind: 'pglite', poolStats: () => dialect.poolStats(), close: () => db.destroy() }
}

export interface MigrationReport {
  applied: string[]
}

/** Applies pending migrations; throws with the failing migration's name if one fails. */
export async function migrateToLatest(db: SystemDb): Promise<MigrationReport> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'vitrina_migrations',
    migrationLockTableName: 'vitrina_migrations_lock',
    // Features landed in parallel, so a lower number can arrive after a higher one has run (0009 after
    // 0010); each migration touches its own tables or columns, so running it late is safe.
    allowUnorderedMigrations: true,
  })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`)
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) }
}
