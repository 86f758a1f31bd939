import type { ImportProgress } from '@vitrina/contracts'

/** How long the final counters of a finished import stay available (the batch row has only the totals). */
const KEEP_FINISHED_MS = 15 * 60_000
/**
 * Followers are woken at most this often while an import runs: a load changes its counters every few hundred
 * rows, and each wake-up costs a Server-Sent Event per follower (and garbage the load's GC pays for).
 */
export const WAKE_INTERVAL_MS = 200

/**
 * Progress of the imports of this process, by batch id: live while running, then the final counters for a
 * while. Readers poll `get` or wait for the next change; the outcome is on the batch row.
 */
export function createProgressHub() {
  const live = new Map<string, ImportProgress>()
  const finished = new Map<string, { progress: ImportProgress; at: number }>()
  const waiters = new Map<string, Set<() => void>>()
  const lastWake = new Map<string, number>()
  const pending = new Map<string, NodeJS.Timeout>()

  const wake = (id: string) => {
    clearTimeout(pending.get(id))
    pending.delete(id)
    lastWake.set(id, Date.now())
    const set = waiters.get(id)
    if (!set) return
    waiters.delete(id)
    for (const w of set) w()
  }

  return {
    start(id: string, bytesTotal: number): ImportProgress {
      const p: ImportProgress = {
        phase: 'queued',
        bytesTotal,
        bytesRead: 0,
        rowsParsed: 0,
        rowsValid: 0,
        rowsInvalid: 0,
        rowsLoaded: 0,
      }
      live.set(id, p)
      return p
    },
    get(id: string): ImportProgress | null {
      const p = live.get(id) ?? finished.get(id)?.progress
      return p ? { ...p } : null
    },
    /** Whether this process is running the import now. */
    running(id: string): boolean {
      return live.has(id)
    },
    /** Call after changing the object `start` returned; followers hear of it within WAKE_INTERVAL_MS. */
    changed(id: string): void {
      if (pending.has(id)) return
      const wait = (lastWake.get(id) ?? 0) + WAKE_INTERVAL_MS - Date.now()
      if (wait <= 0) wake(id)
      else
        pending.set(
          id,
          setTimeout(() => wake(id), wait),
        )
    },
    finish(id: string): void {
      const p = live.get(id)
      live.delete(id)
      const now = Date.now()
      for (const [k, v] of finished) if (now - v.at > KEEP_FINISHED_MS) finished.delete(k)
      if (p) finished.set(id, { progress: p, at: now })
      // At once: the outcome is what followers wait for.
      wake(id)
      lastWake.delete(id)
    },
    /** Resolves at the next change of `id`, or after `ms`. */
    next(id: string, ms: number): Promise<void> {
      return new Promise((resolve) => {
        const timer = setTimeout(done, ms)
        function done() {
          clearTimeout(timer)
          waiters.get(id)?.delete(done)
          resolve()
        }
        let set = waiters.get(id)
        if (!set) {
          set = new Set()
          waiters.set(id, set)
        }
        set.add(done)
      })
    },
  }
}

export type ProgressHub = ReturnType<typeof createProgressHub>
