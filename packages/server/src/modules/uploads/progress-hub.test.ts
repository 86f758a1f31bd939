import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createProgressHub, WAKE_INTERVAL_MS } from './progress-hub'

describe('progress hub', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  /** Counts how often a follower that waits again after each wake-up is woken. */
  function follower(hub: ReturnType<typeof createProgressHub>, id: string) {
    const woken = { count: 0, stop: false }
    const loop = async () => {
      while (!woken.stop) {
        await hub.next(id, 60_000)
        woken.count++
      }
    }
    void loop()
    return woken
  }

  it('wakes followers at most once per interval however often the counters change, and at once on finish', async () => {
    const hub = createProgressHub()
    const p = hub.start('b', 100)
    const woken = follower(hub, 'b')
    await vi.advanceTimersByTimeAsync(0)
    for (let i = 0; i < 1000; i++) {
      p.rowsParsed++
      hub.changed('b')
      await vi.advanceTimersByTimeAsync(1)
    }
    // 1,000 changes over 1,000 ms: the first at once, then one per interval.
    expect(woken.count).toBeGreaterThanOrEqual(1000 / WAKE_INTERVAL_MS - 1)
    expect(woken.count).toBeLessThanOrEqual(1000 / WAKE_INTERVAL_MS + 1)
    const before = woken.count
    hub.changed('b')
    hub.finish('b')
    await vi.advanceTimersByTimeAsync(0)
    expect(woken.count).toBe(before + 1)
    expect(hub.get('b')?.rowsParsed).toBe(1000)
    expect(hub.running('b')).toBe(false)
    woken.stop = true
  })
})
