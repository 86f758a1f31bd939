/**
 * At most `limit` tasks at once, the rest wait in arrival order: a 20-card dashboard does not open 20
 * queries against one database, yet every card starts as soon as a slot frees.
 */
export function createLimiter(limit: number) {
  let active = 0
  const waiting: (() => void)[] = []
  const release = () => {
    active--
    waiting.shift()?.()
  }
  return {
    async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (active >= limit) {
        await new Promise<void>((resolve, reject) => {
          const go = () => {
            signal?.removeEventListener('abort', cancel)
            resolve()
          }
          const cancel = () => {
            const i = waiting.indexOf(go)
            if (i >= 0) waiting.splice(i, 1)
            reject(signal?.reason ?? new Error('aborted'))
          }
          signal?.addEventListener('abort', cancel, { once: true })
          waiting.push(go)
        })
      }
      active++
      try {
        return await task()
      } finally {
        release()
      }
    },
    get active() {
      return active
    },
    get waiting() {
      return waiting.length
    },
  }
}
export type Limiter = ReturnType<typeof createLimiter>
