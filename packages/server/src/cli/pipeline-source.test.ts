import { describe, expect, it } from 'vitest'
import { postgresConnectionOf } from './pipeline-source'

describe('postgresConnectionOf', () => {
  it('reads user, password, host, port, database and TLS from a postgres URL', () => {
    expect(postgresConnectionOf('postgres://dwh%40ro:p%2Fw@db.example:6543/vault?sslmode=require')).toEqual({
      kind: 'postgres',
      host: 'db.example',
      port: 6543,
      database: 'vault',
      user: 'dwh@ro',
      password: 'p/w',
      ssl: true,
      replicas: [],
    })
  })

  it('defaults like libpq: port 5432, user postgres, database named after the user, no TLS, no password', () => {
    expect(postgresConnectionOf('postgresql://127.0.0.1')).toEqual({
      kind: 'postgres',
      host: '127.0.0.1',
      port: 5432,
      database: 'postgres',
      user: 'postgres',
      ssl: false,
      replicas: [],
    })
    expect(postgresConnectionOf('postgres://bi@h/?sslmode=prefer')).toMatchObject({
      database: 'bi',
      ssl: false,
    })
  })

  it('refuses what is not a postgres URL', () => {
    expect(() => postgresConnectionOf('mysql://h/db')).toThrow('not a postgres:// URL')
    expect(() => postgresConnectionOf('vault')).toThrow('not a postgres:// URL')
  })
})
