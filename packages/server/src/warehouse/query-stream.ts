import type { ResultColumn } from '@vitrina/contracts'
import type { QueryOptions, QueryStream, Row } from './warehouse'

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
  const batchRows = Math.max(1, opts.batchRows ?? DEFAULT_BATCH_ROWS)
  const cap = opts.rowCap ?? Number.POSITIVE_INFINITY
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
