/**
 * Fixed-window counter per key, in memory. Good for one web process; behind several processes the
 * per-account lockout in the system DB still holds, since it is shared.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>()

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit; returns the seconds to wait when the key is over its limit, else 0. */
  hit(key: string): number {
    const now = this.now()
    const current = this.windows.get(key)
    if (!current || now - current.start >= this.windowMs) {
      this.windows.set(key, { start: now, count: 1 })
      this.sweep(now)
      return 0
    }
    current.count++
    return current.count > this.limit ? Math.ceil((current.start + this.windowMs - now) / 1000) : 0
  }

  private sweep(now: number): void {
    if (this.windows.size < 10_000) return
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key)
  }
}
