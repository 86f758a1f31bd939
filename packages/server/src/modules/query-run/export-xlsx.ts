import { PassThrough } from 'node:stream'
import type { ResultColumn } from '@vitrina/contracts'
import ExcelJS from 'exceljs'
import type { Row, Value } from '../../warehouse'

const NUM_FMT: Partial<Record<ResultColumn['type'], string>> = {
  date: 'yyyy-mm-dd',
  timestamp: 'yyyy-mm-dd hh:mm:ss',
}

/** A typed cell: numbers as numbers, dates as Excel dates (UTC, no zone shift), text as text. */
export function xlsxCell(value: Value, type: ResultColumn['type']): ExcelJS.CellValue {
  if (value === null) return null
  if ((type === 'integer' || type === 'decimal' || type === 'float') && value !== '') {
    const n = Number(value)
    if (Number.isFinite(n)) return n
  }
  if ((type === 'date' || type === 'timestamp') && typeof value === 'string') {
    const d = new Date(`${value.replace(' ', 'T')}${value.length > 10 ? 'Z' : 'T00:00:00Z'}`)
    if (!Number.isNaN(d.getTime())) return d
  }
  return value
}

/** Streams an .xlsx (exceljs's streaming writer, no shared strings) as rows arrive. */
export function xlsxStream(
  columns: () => ResultColumn[] | null,
  batches: AsyncIterable<Row[]>,
  onRows: (n: number) => void,
  onEnd: (error: unknown) => void,
): PassThrough {
  const out = new PassThrough()
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  })
  const sheet = workbook.addWorksheet('Result')
  void (async () => {
    let header = false
    for await (const batch of batches) {
      const cols = columns() ?? []
      if (!header) {
        sheet.columns = cols.map((c) => ({
          header: c.name,
          key: c.name,
          width: 16,
          style: { numFmt: NUM_FMT[c.type] },
        }))
        header = true
      }
      for (const row of batch) sheet.addRow(row.map((v, i) => xlsxCell(v, cols[i]?.type ?? 'other'))).commit()
      onRows(batch.length)
    }
    sheet.commit()
    await workbook.commit()
  })().then(
    () => onEnd(null),
    (err: unknown) => {
      onEnd(err)
      out.destroy(err instanceof Error ? err : new Error(String(err)))
    },
  )
  return out
}
