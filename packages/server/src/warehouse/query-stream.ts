import type { ResultColumn } from '@vitrina/contracts'
import type { QueryOptions, QueryStream, Row } from './warehouse'
import { WarehouseError } from './warehouse-errors'

export const DEFAULT_BATCH_ROWS = 1000

/** What an engine produces: its own batches, after announcing the columns. */
export type EngineRows = (
  setColumns: (columns: ResultColumn[]) => void,
  fetchRows: number,
) => AsyncIterable<Row[]>

/**
 * Re-batches engine rows to `batchRows`, stops at `rowCap` (leaving the engine generator early, which
 * closes its cursor), and always yields at least one batch so `columns` is known even for no rows.
 */
export function makeQueryStream(opts: QueryOptions, engine: EngineRows): QueryStream {
  const batchRows = Math.max(1, Math.floor(opts.batchRows ?? DEFAULT_BATCH_ROWS))
  const cap = opts.rowCap === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(opts.rowCap))
  const stream: { columns: ResultColumn[] | null } & QueryStream = {
    columns: null,
    async *[Symbol.asyncIterator]() {
      let buffer: Row[] = []
      let total = 0
      let yielded = false
      if (cap > 0) {
        for await (const batch of engine(
          (c) => {
            stream.columns = c
          },
          Math.min(batchRows, cap),
        )) {
          for (const row of batch) {
            if (total >= cap) break
            buffer.push(row)
            total++
            if (buffer.length >= batchRows) {
              yield buffer
              yielded = true
              buffer = []
            }
          }
          if (total >= cap) break
        }
      }
      if (buffer.length > 0 || !yielded) yield buffer
    },
  }
  return stream
}

/**
 * Fires `cancel` on abort or when the time is up, and tells afterwards which one happened; `signal` is
 * aborted then too (for waits that are not the engine's own, like a query slot).
 */
export function watchQuery(
  opts: { signal?: AbortSignal; timeoutMs?: number },
  cancel: () => void,
): { stopped(): 'timeout' | 'cancelled' | null; signal: AbortSignal; dispose(): void } {
  let reason: 'timeout' | 'cancelled' | null = null
  let repeat: NodeJS.Timeout | null = null
  const stop = new AbortController()
  const fire = (why: 'timeout' | 'cancelled') => {
    if (reason !== null) return
    reason = why
    stop.abort()
    cancel()
    // A cancel that lands just before the engine starts the statement is lost (the engine resets it on
    // start), so it is repeated until the query has ended.
    repeat = setInterval(cancel, CANCEL_REPEAT_MS)
  }
  const onAbort = () => fire('cancelled')
  if (opts.signal?.aborted) {
    reason = 'cancelled'
    stop.abort()
  }
  opts.signal?.addEventListener('abort', onAbort, { once: true })
  const timer = opts.timeoutMs === undefined ? null : setTimeout(() => fire('timeout'), opts.timeoutMs)
  return {
    stopped: () => reason,
    signal: stop.signal,
    dispose() {
      if (timer) clearTimeout(timer)
      if (repeat) clearInterval(repeat)
      opts.signal?.removeEventListener('abort', onAbort)
    },
  }
}

const CANCEL_REPEAT_MS = 250

export function stoppedError(reason: 'timeout' | 'cancelled', timeoutMs: number | undefined): WarehouseError {
  return reason === 'timeout'
    ? new WarehouseError(
        'WAREHOUSE_QUERY_TIMEOUT',
        `The query ran longer than ${timeoutMs} ms and was stopped`,
      )
    : new WarehouseError('WAREHOUSE_QUERY_CANCELLED', 'The query was cancelled')
}
