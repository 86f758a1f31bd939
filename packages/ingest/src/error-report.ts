import type ExcelJS from 'exceljs'
import { type CellValue, columnIndexOfRef, serialToEpochMs } from './cell'
import { asIngestError } from './errors'
import type { CellError } from './validate'
import { type ReadSheetOptions, readSheet } from './workbook'

export interface ErrorReportInput {
  /** The uploaded file and the sheet that was validated. */
  sourcePath: string
  read: ReadSheetOptions
  errors: CellError[]
  /** Total number of errors when `errors` was capped. */
  errorCount?: number
  outPath: string
}

const RED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } }
const RED_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF9C0006' } }
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true }

function toExcel(v: CellValue): ExcelJS.CellValue {
  if (v === null) return null
  if (typeof v === 'object') return new Date(serialToEpochMs(v.serial))
  return v
}

/**
 * A copy of the uploaded sheet as .xlsx with every bad cell filled red and commented with its reason, plus a
 * sheet listing all errors. Written with exceljs's streaming writer, so a large file never sits in memory.
 */
export async function writeErrorReport(
  input: ErrorReportInput,
): Promise<{ rows: number; highlighted: number }> {
  const byCell = new Map<string, string[]>()
  for (const e of input.errors) {
    const key = `${e.row}:${columnIndexOfRef(e.column)}`
    const list = byCell.get(key)
    if (list) list.push(e.message)
    else byCell.set(key, [e.message])
  }
  // Loaded on first use: exceljs costs ~25 MB of memory in every process that imports this package.
  const { default: ExcelJS } = await import('exceljs')
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: input.outPath,
    useStyles: true,
    useSharedStrings: false,
  })
  const sheetName = safeSheetName(input.errors[0]?.sheet ?? 'Данные')
  const ws = wb.addWorksheet(sheetName)
  let rows = 0
  let highlighted = 0
  try {
    const pendingByRow = new Map<number, number[]>()
    for (const key of byCell.keys()) {
      const [r, c] = key.split(':').map(Number) as [number, number]
      const list = pendingByRow.get(r)
      if (list) list.push(c)
      else pendingByRow.set(r, [c])
    }
    for await (const batch of readSheet(input.sourcePath, input.read)) {
      for (const raw of batch) {
        const row = ws.getRow(raw.row)
        raw.cells.forEach((v, c) => {
          if (v === null) return
          const cell = row.getCell(c + 1)
          cell.value = toExcel(v)
          if (typeof v === 'object') cell.numFmt = v.serial % 1 === 0 ? 'dd.mm.yyyy' : 'dd.mm.yyyy hh:mm:ss'
        })
        for (const c of pendingByRow.get(raw.row) ?? []) {
          const cell = row.getCell(c + 1)
          cell.fill = RED_FILL
          cell.font = RED_FONT
          cell.note = (byCell.get(`${raw.row}:${c}`) ?? []).join('\n')
          highlighted++
        }
        row.commit()
        rows++
      }
    }
    ws.commit()
    const list = wb.addWorksheet('Ошибки')
    list.columns = [
      { header: 'Лист', width: 16 },
      { header: 'Строка', width: 8 },
      { header: 'Столбец', width: 8 },
      { header: 'Заголовок', width: 24 },
      { header: 'Значение', width: 24 },
      { header: 'Код причины', width: 16 },
      { header: 'Сообщение', width: 80 },
    ]
    list.getRow(1).font = HEADER_FONT
    list.getRow(1).commit()
    for (const e of input.errors) {
      list.addRow([e.sheet, e.row, e.column, e.columnName, e.value, e.reason, e.message]).commit()
    }
    const more = (input.errorCount ?? input.errors.length) - input.errors.length
    if (more > 0) list.addRow([`… и ещё ${more} ошибок (не показаны)`]).commit()
    list.commit()
    await wb.commit()
  } catch (e) {
    throw asIngestError(e, input.outPath)
  }
  return { rows, highlighted }
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
export function safeSheetName(name: string): string {
  const s = name
    .replace(/[:\\/?*[\]]/g, ' ')
    .trim()
    .slice(0, 31)
  return s === '' ? 'Данные' : s
}
