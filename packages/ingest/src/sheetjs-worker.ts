// The SheetJS parse of one .xls/.ods file, run in a worker thread (see sheetjs.ts): SheetJS reads a whole
// workbook synchronously and in memory, which must neither block the server's event loop nor be able to
// exhaust its heap. The thread's heap is capped by resourceLimits and it is terminated at the time limit.
import { readFile } from 'node:fs/promises'
import { parentPort, workerData } from 'node:worker_threads'
import * as XLSX from '@e965/xlsx'
import { asIngestError } from './errors'
import { bookMerges, bookSheets, parseBook, sheetCursor } from './sheetjs-book'
import type { FromWorker, ToWorker, WorkerInput } from './sheetjs-protocol'

const input = workerData as WorkerInput
const port = parentPort
if (!port) throw new Error('sheetjs-worker.ts runs only as a worker thread')

const send = (m: FromWorker) => port.postMessage(m)
const fail = (e: unknown) => {
  const err = asIngestError(e, input.fileName)
  send({ type: 'error', code: err.code, message: err.message, details: err.details })
}

try {
  const wb = parseBook(XLSX, await readFile(input.path), input.format, input.fileName, input.limits)
  send({ type: 'opened', sheets: bookSheets(wb) })
  let cursor: ReturnType<typeof sheetCursor> | null = null
  port.on('message', (m: ToWorker) => {
    try {
      if (m.type === 'read') {
        cursor = sheetCursor(XLSX, wb, m.index, input.fileName, input.limits)
        send({ type: 'merges', merges: bookMerges(wb, m.index) })
      } else if (cursor) {
        const rows = cursor.next(m.rows)
        send(rows.length === 0 ? { type: 'end' } : { type: 'rows', rows, fraction: cursor.fraction() })
      }
    } catch (e) {
      fail(e)
    }
  })
} catch (e) {
  fail(e)
}
