/**
 * Fixed-window attempt counter kept in memory. Enough for one bank process; several processes
 * would each allow `max` attempts, which still bounds password guessing.
 */
export interface RateLimiter {
  /** Counts one attempt for key; returns the seconds to wait when the key is over its limit, else 0. */
  hit(key: string): number
  reset(key: string): void
}

export function createRateLimiter(max: number, windowMs: number, now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>()
  return {
    hit(key) {
      const t = now()
      // Drop stale windows occasionally so the map cannot grow without bound.
      if (windows.size > 10_000) {
        for (const [k, w] of windows) if (t - w.start >= windowMs) windows.delete(k)
      }
      const w = windows.get(key)
      if (!w || t - w.start >= windowMs) {
        windows.set(key, { start: t, count: 1 })
        return 0
      }
      w.count++
      return w.count > max ? Math.ceil((w.start + windowMs - t) / 1000) : 0
    },
    reset(key) {
      windows.delete(key)
    },
  }
}
