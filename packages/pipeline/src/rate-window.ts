/** Events per second over a sliding window: reads 0 once nothing has happened for a window. */
export class RateWindow {
  private readonly events: { at: number; n: number }[] = []

  constructor(private readonly windowMs = 10_000) {}

  record(n: number, at = Date.now()): void {
    this.events.push({ at, n })
    this.prune(at)
  }

  rate(now = Date.now()): number {
    this.prune(now)
    let sum = 0
    for (const e of this.events) sum += e.n
    return (sum * 1000) / this.windowMs
  }

  private prune(now: number): void {
    while (this.events.length > 0 && this.events[0]!.at <= now - this.windowMs) this.events.shift()
  }
}
