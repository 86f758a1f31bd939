/**
 * A first-come-first-served limit on how many engine calls run at once. The embedded DuckDB spreads each
 * query over all its threads; a dozen queries started together (a dashboard opening) then fight over the
 * same cores and a small memory limit, and all finish later than if they had run one after another.
 * A slot is held only while the engine works (executing, fetching a chunk), never while a caller
 * consumes rows, so a slow download does not block other queries between its chunks.
 */
export interface EngineSlots {
  /** Runs `work` once a slot is free; rejects with `signal.reason` if aborted while still waiting. */
  run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T>
}

export function createEngineSlots(limit: number): EngineSlots {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`engine slots: limit must be ≥ 1, got ${limit}`)
  let busy = 0
  const waiting: (() => void)[] = []
  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else busy--
  }
  const acquire = (signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(signal.reason)
    if (busy < limit) {
      busy++
      return Promise.resolve()
    }
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }
      const onAbort = () => {
        const at = waiting.indexOf(grant)
        if (at >= 0) waiting.splice(at, 1)
        reject(signal?.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      waiting.push(grant)
    })
  }
  return {
    async run(work, signal) {
      await acquire(signal)
      try {
        return await work()
      } finally {
        release()
      }
    },
  }
}
