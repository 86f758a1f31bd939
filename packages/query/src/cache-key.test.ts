import { describe, expect, it } from 'vitest'
import { type CacheKeyInput, cacheKey, canonicalJson } from './cache-key'

const base: CacheKeyInput = {
  sourceId: 'warehouse',
  sql: 'SELECT 1 WHERE a = $1',
  params: [1, 'x', null],
  rlsScope: { region: ['msk'], user: null },
  dataVersions: { sales: 3, regions: 1 },
}

describe('cacheKey', () => {
  it('is a stable hex SHA-256 of the canonical JSON', () => {
    expect(cacheKey(base)).toMatch(/^[0-9a-f]{64}$/)
    expect(canonicalJson({ b: 1, a: [2, { d: null, c: 'x' }] })).toBe('{"a":[2,{"c":"x","d":null}],"b":1}')
    // Pinned (sha256sum of the canonical text) so changing the form, which orphans every entry, is deliberate.
    expect(cacheKey({ sourceId: 's', sql: 'q', params: [], rlsScope: null, dataVersions: {} })).toBe(
      'b11fc5e2feec0fa68f5305f29c8061049460fafac24f8cedb1b9e7ceca9c3384',
    )
  })

  it('ignores key order of the RLS scope and of the data versions', () => {
    expect(
      cacheKey({
        ...base,
        rlsScope: { user: null, region: ['msk'] },
        dataVersions: { regions: 1, sales: 3 },
      }),
    ).toBe(cacheKey(base))
  })

  it('changes with each input', () => {
    const key = cacheKey(base)
    expect(cacheKey({ ...base, sourceId: 'other' })).not.toBe(key)
    expect(cacheKey({ ...base, sql: `${base.sql} ` })).not.toBe(key)
    expect(cacheKey({ ...base, params: [1, 'x', 'null'] })).not.toBe(key)
    expect(cacheKey({ ...base, params: ['1', 'x', null] })).not.toBe(key)
    expect(cacheKey({ ...base, rlsScope: { region: ['spb'], user: null } })).not.toBe(key)
    expect(cacheKey({ ...base, dataVersions: { sales: 4, regions: 1 } })).not.toBe(key)
    expect(cacheKey({ ...base, dataVersions: { sales: 3 } })).not.toBe(key)
  })

  it('tags dates and bigints so they never equal their string forms', () => {
    const d = new Date('2024-01-01T00:00:00Z')
    expect(cacheKey({ ...base, params: [d] })).not.toBe(cacheKey({ ...base, params: [d.toISOString()] }))
    expect(cacheKey({ ...base, params: [10n] })).not.toBe(cacheKey({ ...base, params: ['10'] }))
    expect(() => cacheKey({ ...base, params: [Number.NaN] })).toThrow('non-finite')
  })
})
