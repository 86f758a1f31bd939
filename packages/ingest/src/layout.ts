import { type CellRange, type CellValue, columnLetter, isEmptyCell, type RawRow } from './cell'
import { INGEST_NO_HEADER, IngestError } from './errors'

export interface LayoutColumn {
  /** 0-based column index in the sheet. */
  index: number
  letter: string
  /** Header text; multi-row merged headers are joined with " / ". */
  header: string
}

export interface Layout {
  /** Excel row numbers of the header rows (one, or several for merged group headers). */
  headerRows: number[]
  /** Data starts after this Excel row. */
  lastHeaderRow: number
  columns: LayoutColumn[]
}

export interface LayoutNote {
  kind: 'totals_row_dropped' | 'column_without_header'
  row: number | null
  message: string
}

const TOTALS_RE = /^\s*(итого|итог|всего|total|totals|grand total|subtotal)(?![\p{L}\p{N}])/iu
const MAX_HEADER_ROWS = 5

/**
 * Header = first non-empty row. Merged cells extend it: a merge that spans columns in a header row is a group
 * title ("Выручка" over "План" and "Факт"), so the row below belongs to the header too; a merge spanning rows
 * keeps the header through its last row.
 */
export function detectLayout(rows: RawRow[], merges: CellRange[] = []): Layout {
  const first = rows[0]
  if (!first) throw new IngestError(INGEST_NO_HEADER, 'The sheet has no header row: it is empty', null)
  const h0 = first.row
  let last = h0
  for (let changed = true; changed; ) {
    changed = false
    for (const m of merges) {
      if (m.firstRow < h0 || m.firstRow > last) continue
      const end = Math.min(m.lastCol > m.firstCol ? m.lastRow + 1 : m.lastRow, h0 + MAX_HEADER_ROWS - 1)
      if (end > last) {
        last = end
        changed = true
      }
    }
  }
  const headerRows: RawRow[] = rows.filter((r) => r.row >= h0 && r.row <= last)
  const headerRowNumbers = Array.from({ length: last - h0 + 1 }, (_v, i) => h0 + i)
  let width = 0
  for (const r of headerRows) width = Math.max(width, r.cells.length)
  for (const r of rows) if (r.row > last) width = Math.max(width, r.cells.length)
  for (const m of merges) if (m.firstRow >= h0 && m.firstRow <= last) width = Math.max(width, m.lastCol + 1)
  const byRow = new Map(headerRows.map((r) => [r.row, r]))
  const columns: LayoutColumn[] = []
  for (let c = 0; c < width; c++) {
    const parts: string[] = []
    for (const rowNum of headerRowNumbers) {
      const v = headerCell(byRow, merges, rowNum, c)
      const text = v === null ? '' : cellText(v)
      if (text !== '' && parts[parts.length - 1] !== text) parts.push(text)
    }
    columns.push({ index: c, letter: columnLetter(c), header: parts.join(' / ') })
  }
  // Trailing columns with neither header nor data in the sample are dropped.
  while (
    columns.length > 0 &&
    columns[columns.length - 1]!.header === '' &&
    !hasData(rows, last, columns.length - 1)
  ) {
    columns.pop()
  }
  if (columns.every((c) => c.header === '')) {
    throw new IngestError(INGEST_NO_HEADER, `Row ${h0} holds no header text`, { row: h0 })
  }
  return { headerRows: headerRowNumbers, lastHeaderRow: last, columns }
}

function hasData(rows: RawRow[], lastHeader: number, col: number): boolean {
  return rows.some((r) => r.row > lastHeader && !isEmptyCell(r.cells[col] ?? null))
}

/** Value at (row, col), taking a merged range's top-left value for every cell it covers. */
function headerCell(rows: Map<number, RawRow>, merges: CellRange[], rowNum: number, col: number): CellValue {
  let r = rowNum
  let c = col
  for (const m of merges) {
    if (rowNum >= m.firstRow && rowNum <= m.lastRow && col >= m.firstCol && col <= m.lastCol) {
      r = m.firstRow
      c = m.firstCol
      break
    }
  }
  const row = rows.get(r)
  return row?.cells[c] ?? null
}

export function cellText(v: CellValue): string {
  if (v === null) return ''
  if (typeof v === 'string') return v.replace(/\s+/g, ' ').trim()
  if (typeof v === 'object') return String(v.serial)
  return String(v)
}

/** The first non-empty cell says "Итого", "Всего" or "Total": a totals row, not data. */
export function isTotalsRow(row: RawRow): boolean {
  for (const v of row.cells) {
    if (isEmptyCell(v)) continue
    return typeof v === 'string' && TOTALS_RE.test(v)
  }
  return false
}

/** Splits data rows from header and totals rows; totals become notes. */
export function dataRows(rows: RawRow[], layout: Layout, notes: LayoutNote[]): RawRow[] {
  const out: RawRow[] = []
  for (const r of rows) {
    if (r.row <= layout.lastHeaderRow) continue
    if (isTotalsRow(r)) {
      notes.push({
        kind: 'totals_row_dropped',
        row: r.row,
        message: `Row ${r.row} looks like a totals row ("${cellText(r.cells.find((v) => !isEmptyCell(v)) ?? null)}") and was not imported`,
      })
      continue
    }
    out.push(r)
  }
  return out
}
