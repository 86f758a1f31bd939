import type { QueryRunResult } from '@vitrina/contracts'
import { useCallback, useRef, useState } from 'react'
import { queryRunApi } from '../../../data/questions/query-run'

export interface QueryRunState {
  result: QueryRunResult | null
  error: unknown
  running: boolean
  /** `start` sends the run with the id this hook chose, so Stop can name it to the server. */
  run(start: (runId: string, signal: AbortSignal) => Promise<QueryRunResult>): Promise<void>
  /** Cancels on the server (the engine stops the statement), then drops the pending answer. */
  stop(): Promise<void>
}

/** One run at a time per editor; a new run replaces the previous one. Local state: results are not shared data. */
export function useQueryRun(): QueryRunState {
  const [result, setResult] = useState<QueryRunResult | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [running, setRunning] = useState(false)
  const current = useRef<{ runId: string; controller: AbortController } | null>(null)

  const run = useCallback(async (start: (runId: string, signal: AbortSignal) => Promise<QueryRunResult>) => {
    current.current?.controller.abort()
    const mine = { runId: crypto.randomUUID(), controller: new AbortController() }
    current.current = mine
    setRunning(true)
    setError(null)
    try {
      const answer = await start(mine.runId, mine.controller.signal)
      if (current.current === mine) setResult(answer)
    } catch (err) {
      if (current.current === mine && (err as Error).name !== 'AbortError') setError(err)
    } finally {
      if (current.current === mine) {
        current.current = null
        setRunning(false)
      }
    }
  }, [])

  const stop = useCallback(async () => {
    const mine = current.current
    if (!mine) return
    // The run then answers QUERY_CANCELLED, shown like any error; if the server no longer knows it, drop it here.
    await queryRunApi.cancel(mine.runId).catch(() => mine.controller.abort())
  }, [])

  return { result, error, running, run, stop }
}
