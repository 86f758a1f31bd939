import { describe, expect, it } from 'vitest'
import { RateLimiter } from './rate-limiter'

describe('RateLimiter', () => {
  it('allows up to the limit in a window, then asks to wait until the window ends', () => {
    let now = 1_000_000
    const limiter = new RateLimiter(3, 60_000, () => now)
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('a')]).toEqual([0, 0, 0])
    now += 15_000
    expect(limiter.hit('a')).toBe(45)
    expect(limiter.hit('b')).toBe(0)
    now += 45_000
    expect(limiter.hit('a')).toBe(0)
  })
})
