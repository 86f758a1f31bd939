import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import type { DatasetColumn } from '@vitrina/contracts'
import ExcelJS from 'exceljs'
import type { Row } from '../../warehouse'

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading apostrophe (OWASP CSV
 * injection advice). Only text columns: numbers such as -5 stay numbers.
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

function csvField(text: string): string {
  return /[",\r\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

function csvCell(c: DatasetColumn | null, v: Row[number]): string {
  if (v === null) return ''
  const s = String(v)
  return csvField(c === null || c.type === 'text' ? guardFormula(s) : s)
}

/** CSV lines (UTF-8 with BOM so Excel reads Cyrillic): the header, then one line per row. */
export async function* csvLines(
  columns: DatasetColumn[],
  batches: AsyncIterable<Row[]>,
): AsyncGenerator<string> {
  yield `\ufeff${columns.map((c) => csvCell(null, c.displayName)).join(',')}\r\n`
  for await (const batch of batches) {
    let chunk = ''
    for (const row of batch) chunk += `${columns.map((c, i) => csvCell(c, row[i] ?? null)).join(',')}\r\n`
    yield chunk
  }
}

function excelValue(c: DatasetColumn, v: Row[number]): ExcelJS.CellValue {
  if (v === null) return null
  switch (c.type) {
    case 'integer':
    case 'decimal':
      return typeof v === 'number' ? v : Number(v)
    case 'date':
      return new Date(`${String(v)}T00:00:00Z`)
    case 'timestamp':
      return new Date(`${String(v).replace(' ', 'T')}Z`)
    case 'boolean':
      return v === true || v === 'true'
    default:
      return String(v)
  }
}

const FORMATS: Partial<Record<DatasetColumn['type'], string>> = {
  date: 'dd.mm.yyyy',
  timestamp: 'dd.mm.yyyy hh:mm:ss',
  decimal: '#,##0.00########',
  integer: '#,##0',
}

/** Streams rows into an .xlsx file (exceljs's streaming writer: bounded memory). Returns the row count. */
export async function writeXlsx(
  path: string,
  sheetName: string,
  columns: DatasetColumn[],
  batches: AsyncIterable<Row[]>,
): Promise<number> {
  const out = createWriteStream(path)
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  const ws = wb.addWorksheet(sheetName.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Данные', {
    views: [{ state: 'frozen', ySplit: 1 }],
  })
  ws.columns = columns.map((c) => ({
    header: c.displayName,
    width: Math.max(10, Math.min(40, c.displayName.length + 4)),
    style: FORMATS[c.type] ? { numFmt: FORMATS[c.type] } : {},
  }))
  ws.getRow(1).font = { bold: true }
  ws.getRow(1).commit()
  let n = 0
  for await (const batch of batches) {
    for (const row of batch) {
      ws.addRow(columns.map((c, i) => excelValue(c, row[i] ?? null))).commit()
      n++
    }
  }
  ws.commit()
  await wb.commit()
  if (!out.closed) await once(out, 'close')
  return n
}
