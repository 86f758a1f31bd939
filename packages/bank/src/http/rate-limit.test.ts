import { describe, expect, it } from 'vitest'
import { createRateLimiter } from './rate-limit'

describe('createRateLimiter', () => {
  it('allows max attempts per window and tells how long to wait after that', () => {
    let now = 0
    const limiter = createRateLimiter(3, 60_000, () => now)
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('a')]).toEqual([0, 0, 0])
    now = 15_000
    expect(limiter.hit('a')).toBe(45)
    expect(limiter.hit('b')).toBe(0)
    now = 60_000
    expect(limiter.hit('a')).toBe(0)
    limiter.reset('b')
    expect(limiter.hit('b')).toBe(0)
  })
})
