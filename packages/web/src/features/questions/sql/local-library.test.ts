import { beforeEach, describe, expect, it } from 'vitest'
import { localLibrary } from './local-library'

// Unit tests run in Node: a Map-backed stand-in for the browser's localStorage.
beforeEach(() => {
  const store = new Map<string, string>()
  globalThis.localStorage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
    clear: () => store.clear(),
    key: () => null,
    length: 0,
  } as Storage
})

describe('local SQL history and snippets', () => {
  it('keeps the latest run first, without duplicates, per user', () => {
    localLibrary.remember('u1', { sql: 'select 1', sourceId: 'warehouse', at: '2026-01-01T00:00:00Z' })
    localLibrary.remember('u1', { sql: 'select 2', sourceId: 'warehouse', at: '2026-01-01T00:01:00Z' })
    localLibrary.remember('u1', { sql: 'select 1', sourceId: 'warehouse', at: '2026-01-01T00:02:00Z' })
    expect(localLibrary.history('u1').map((e) => e.sql)).toEqual(['select 1', 'select 2'])
    expect(localLibrary.history('u2')).toEqual([])
  })

  it('saves, replaces and deletes snippets by name, and survives a corrupt store', () => {
    localLibrary.saveSnippet('u1', { name: 'Москва', sql: "where region = 'Москва'" })
    localLibrary.saveSnippet('u1', { name: 'Москва', sql: "where region = 'МСК'" })
    expect(localLibrary.snippets('u1')).toEqual([{ name: 'Москва', sql: "where region = 'МСК'" }])
    localLibrary.deleteSnippet('u1', 'Москва')
    expect(localLibrary.snippets('u1')).toEqual([])
    localStorage.setItem('vitrina.sql-snippets.u1', '{not json')
    expect(localLibrary.snippets('u1')).toEqual([])
  })
})
