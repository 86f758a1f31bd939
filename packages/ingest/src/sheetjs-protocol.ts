import type { CellRange, RawRow } from './cell'
import type { IngestErrorCode } from './errors'
import type { IngestLimits } from './limits'
import type { BookSheet } from './sheetjs-book'

/** What the SheetJS worker is started with (`workerData`). */
export interface WorkerInput {
  path: string
  format: 'xls' | 'ods'
  fileName: string
  limits: IngestLimits
}

/** Main thread → worker: pick a sheet, then ask for its rows a batch at a time (bounded memory in between). */
export type ToWorker = { type: 'read'; index: number } | { type: 'next'; rows: number }

/** Worker → main thread, in order: opened, then per `read` merges, then rows… end. An error ends it all. */
export type FromWorker =
  | { type: 'opened'; sheets: BookSheet[] }
  | { type: 'merges'; merges: CellRange[] }
  | { type: 'rows'; rows: RawRow[]; fraction: number }
  | { type: 'end' }
  | { type: 'error'; code: IngestErrorCode; message: string; details: Record<string, unknown> | null }
