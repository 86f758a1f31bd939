import type { ApiSource } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import {
  cachePolicyOfKind,
  connectionFromSource,
  connectionInput,
  emptyConnection,
  switchKind,
} from './source-draft'

describe('source form drafts', () => {
  it('omits an empty password (keeps the stored one) and drops blank replicas', () => {
    const draft = {
      ...emptyConnection('postgres'),
      database: ' sales ',
      replicas: [
        { host: ' replica-1 ', port: 5433 },
        { host: '  ', port: 5432 },
      ],
    }
    expect(connectionInput(draft)).toEqual({
      kind: 'postgres',
      host: '127.0.0.1',
      port: 5432,
      database: 'sales',
      user: 'postgres',
      ssl: false,
      replicas: [{ host: 'replica-1', port: 5433 }],
    })
    expect(connectionInput({ ...draft, password: 'secret' })).toMatchObject({ password: 'secret' })
  })

  it('moves a default port to the new kind and keeps a custom one', () => {
    expect(switchKind(emptyConnection('postgres'), 'mysql').port).toBe(3306)
    expect(switchKind({ ...emptyConnection('postgres'), port: 6543 }, 'mysql').port).toBe(6543)
    expect(
      connectionInput(switchKind({ ...emptyConnection('mysql'), path: ' /d.duckdb ' }, 'duckdb')),
    ).toEqual({
      kind: 'duckdb',
      path: '/d.duckdb',
    })
  })

  it('reads a stored connection back without its password; the warehouse has none', () => {
    const source = {
      connection: {
        kind: 'mysql',
        host: 'db',
        port: 3307,
        database: 'shop',
        user: 'bi',
        ssl: true,
        hasPassword: true,
      },
    } as ApiSource
    expect(connectionFromSource(source)).toMatchObject({
      kind: 'mysql',
      host: 'db',
      port: 3307,
      password: '',
    })
    expect(connectionFromSource({ connection: { kind: 'warehouse' } } as ApiSource)).toBeNull()
  })

  it('gives each cache policy kind valid defaults', () => {
    expect(cachePolicyOfKind('adaptive')).toEqual({ kind: 'adaptive', minDurationMs: 1000, multiplier: 10 })
    expect(cachePolicyOfKind('none')).toEqual({ kind: 'none' })
  })
})
