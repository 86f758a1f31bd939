import { describe, expect, it } from 'vitest'
import { assertNotSystemDb } from './system-db-guard'

const pg = (
  host: string,
  port: number,
  database: string,
  replicas: { host: string; port: number }[] = [],
) => ({
  kind: 'postgres' as const,
  host,
  port,
  database,
  user: 'u',
  ssl: false,
  replicas,
})

describe('system DB guard', () => {
  const system = { databaseUrl: 'postgres://vitrina@127.0.0.1:5432/vitrina', dataDir: '/srv/vitrina/data' }

  it('refuses the system database on any spelling of the same host, and through a replica', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', 'LOCALHOST']) {
      expect(() => assertNotSystemDb(pg(host, 5432, 'vitrina'), system)).toThrow(
        expect.objectContaining({ code: 'SOURCE_IS_SYSTEM_DB' }),
      )
    }
    expect(() =>
      assertNotSystemDb(pg('db.example', 5432, 'vitrina', [{ host: 'localhost', port: 5432 }]), system),
    ).toThrow(expect.objectContaining({ code: 'SOURCE_IS_SYSTEM_DB' }))
  })

  it('accepts another database, port or host', () => {
    expect(() => assertNotSystemDb(pg('127.0.0.1', 5432, 'sales'), system)).not.toThrow()
    expect(() => assertNotSystemDb(pg('127.0.0.1', 5433, 'vitrina'), system)).not.toThrow()
    expect(() => assertNotSystemDb(pg('db.example', 5432, 'vitrina'), system)).not.toThrow()
  })

  it('refuses DuckDB files inside the data folder (PGlite system DB, warehouse), wherever the path points', () => {
    for (const p of [
      '/srv/vitrina/data/system-db/base',
      '/srv/vitrina/data/warehouse.duckdb',
      '/srv/vitrina/x/../data/a.duckdb',
    ])
      expect(() => assertNotSystemDb({ kind: 'duckdb', path: p }, system)).toThrow(
        expect.objectContaining({ code: 'SOURCE_IS_SYSTEM_DB' }),
      )
    expect(() => assertNotSystemDb({ kind: 'duckdb', path: '/srv/other/a.duckdb' }, system)).not.toThrow()
    expect(() =>
      assertNotSystemDb({ kind: 'duckdb', path: '/srv/vitrina/database.duckdb' }, system),
    ).not.toThrow()
  })
})
