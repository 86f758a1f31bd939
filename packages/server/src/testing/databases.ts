import pg from 'pg'
import { migrateToLatest, type OpenedSystemDb, openSystemDb } from '../db/system-db'

export const TEST_PG_URL = process.env.VITRINA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export type SystemDbKind = 'pglite' | 'postgres'
export const SYSTEM_DB_KINDS: SystemDbKind[] = ['pglite', 'postgres']

/** A fresh, migrated system DB: in-memory PGlite, or a throwaway database on the real PostgreSQL. */
export async function openTestSystemDb(kind: SystemDbKind): Promise<OpenedSystemDb> {
  if (kind === 'pglite') {
    const opened = await openSystemDb({ databaseUrl: null, dataDir: null })
    await migrateToLatest(opened.db)
    return opened
  }
  const name = `vitrina_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const admin = new pg.Client({ connectionString: TEST_PG_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(TEST_PG_URL)
  url.pathname = `/${name}`
  const opened = await openSystemDb({ databaseUrl: url.toString(), dataDir: null })
  await migrateToLatest(opened.db)
  return {
    ...opened,
    async close() {
      await opened.close()
      const dropper = new pg.Client({ connectionString: TEST_PG_URL })
      await dropper.connect()
      await dropper.query(`drop database if exists ${name} with (force)`)
      await dropper.end()
    },
  }
}
