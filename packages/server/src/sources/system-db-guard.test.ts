import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createSystemDbGuard, type PgIdentity, sameDatabase } from './system-db-guard'

const root = mkdtempSync(path.join(tmpdir(), 'vitrina-guard-'))
const dataDir = path.join(root, 'data')
mkdirSync(path.join(dataDir, 'system-db'), { recursive: true })
writeFileSync(path.join(dataDir, 'warehouse.duckdb'), 'x')
writeFileSync(path.join(dataDir, 'system-db', 'PG_VERSION'), '15')
mkdirSync(path.join(root, 'other'))
writeFileSync(path.join(root, 'other', 'a.duckdb'), 'y')
symlinkSync(path.join(dataDir, 'warehouse.duckdb'), path.join(root, 'other', 'link.duckdb'))
linkSync(path.join(dataDir, 'warehouse.duckdb'), path.join(root, 'other', 'hard.duckdb'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const identity = (over: Partial<PgIdentity> = {}): PgIdentity => ({
  systemIdentifier: '7715259976782923892',
  startedAt: '2026-01-01 10:00:00+00',
  databaseOid: '16384',
  ...over,
})

describe('system DB guard', () => {
  const guard = createSystemDbGuard({ databaseUrl: null, dataDir }, async () => null)
  const duck = (p: string) => ({ kind: 'duckdb' as const, path: p })
  const refused = expect.objectContaining({ code: 'SOURCE_IS_SYSTEM_DB' })

  it('refuses DuckDB files in the data folder however the path reaches them: .., symlink, hard link', () => {
    for (const p of [
      path.join(dataDir, 'warehouse.duckdb'),
      path.join(dataDir, 'system-db', 'PG_VERSION'),
      path.join(root, 'other', '..', 'data', 'x.duckdb'),
      path.join(root, 'other', 'link.duckdb'),
      path.join(root, 'other', 'hard.duckdb'),
    ])
      expect(() => guard.assertConnection(duck(p)), p).toThrow(refused)
    expect(() => guard.assertConnection(duck(path.join(root, 'other', 'a.duckdb')))).not.toThrow()
    expect(() => guard.assertConnection(duck(path.join(root, 'data-2.duckdb')))).not.toThrow()
  })

  it('the same database is the same cluster (or a physical replica of it) and the same oid', () => {
    expect(sameDatabase(identity(), identity({ startedAt: 'another start: a replica' }))).toBe(true)
    expect(sameDatabase(identity(), identity({ databaseOid: '16385' }))).toBe(false)
    expect(sameDatabase(identity(), identity({ systemIdentifier: '1' }))).toBe(false)
    // Without pg_control_system() rights the running server's start time decides.
    expect(sameDatabase(identity({ systemIdentifier: null }), identity())).toBe(true)
    expect(sameDatabase(identity({ systemIdentifier: null }), identity({ startedAt: 'other' }))).toBe(false)
  })

  it('compares PostgreSQL servers with the system DB only when the system DB is PostgreSQL', async () => {
    const own = identity()
    const pgGuard = createSystemDbGuard(
      { databaseUrl: 'postgres://x@db/vitrina', dataDir: null },
      async () => own,
    )
    await expect(pgGuard.assertPostgres(identity({ startedAt: 'replica' }))).rejects.toThrow(refused)
    await expect(pgGuard.assertPostgres(identity({ databaseOid: '1' }))).resolves.toBeUndefined()
    await expect(guard.assertPostgres(identity())).resolves.toBeUndefined()
  })
})
