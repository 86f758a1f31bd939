import { describe, expect, it } from 'vitest'
import { createMemoryStore } from './memory-store'

describe('memory cache store', () => {
  it('evicts the least recently used entries to stay under its memory cap', async () => {
    const store = createMemoryStore({ maxBytes: 10_000 })
    for (let i = 0; i < 20; i++) await store.set(`k${i}`, 'x'.repeat(1000), 60_000, ['t'])
    expect(await store.get('k0')).toBeNull()
    expect(await store.get('k19')).not.toBeNull()
    // Evicted keys leave the tag index too.
    expect(await store.invalidateTag('t')).toBeLessThan(20)
  })
})
