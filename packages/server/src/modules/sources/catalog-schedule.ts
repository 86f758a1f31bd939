import type { SourcesService } from './sources.service'

/** How often the worker looks for sources whose `syncIntervalMinutes` has passed. */
export const CATALOG_SCHEDULE_MS = 5 * 60_000

/**
 * The worker's scheduled catalog sync: `syncDue()` right away (sources that came due while no worker ran)
 * and then every `intervalMs`; one round at a time. Returns the (unref'd) interval timer.
 */
export function startCatalogSchedule(
  sources: Pick<SourcesService, 'syncDue'>,
  opts: { intervalMs?: number; onError(err: unknown): void },
): NodeJS.Timeout {
  let running = false
  const round = () => {
    if (running) return
    running = true
    sources
      .syncDue()
      .catch(opts.onError)
      .finally(() => {
        running = false
      })
  }
  const timer = setInterval(round, opts.intervalMs ?? CATALOG_SCHEDULE_MS).unref()
  round()
  return timer
}
