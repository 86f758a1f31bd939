import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { migrateToLatest, type OpenedSystemDb, openSystemDb } from '../db/system-db'

export const TEST_PG_URL = process.env.VITRINA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export type SystemDbKind = 'pglite' | 'postgres'
export const SYSTEM_DB_KINDS: SystemDbKind[] = ['pglite', 'postgres']

/** A throwaway database on the test PostgreSQL; `drop()` removes it (and any session still on it). */
export async function createThrowawayDatabase(
  prefix = 'vitrina_test',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_PG_URL })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`)
  } finally {
    await admin.end()
  }
  const url = new URL(TEST_PG_URL)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: TEST_PG_URL })
      await dropper.connect()
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await dropper.end()
      }
    },
  }
}

/** A fresh, migrated system DB: in-memory PGlite, or a throwaway database on the real PostgreSQL. */
export async function openTestSystemDb(kind: SystemDbKind): Promise<OpenedSystemDb> {
  if (kind === 'pglite') {
    const opened = await openSystemDb({ databaseUrl: null, dataDir: null })
    await migrateToLatest(opened.db)
    return opened
  }
  const database = await createThrowawayDatabase()
  const opened = await openSystemDb({ databaseUrl: database.url, dataDir: null })
  await migrateToLatest(opened.db)
  return {
    ...opened,
    async close() {
      await opened.close()
      await database.drop()
    },
  }
}
