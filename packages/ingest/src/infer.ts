import type { ColumnType, DatasetColumn } from '@vitrina/contracts'
import { type CellValue, isEmptyCell, isExcelDate, type RawRow } from './cell'
import { parseDateText } from './dates'
import { toIdentifier } from './identifier'
import type { Layout } from './layout'
import { parseDecimalText } from './numbers'
import { isBooleanWord, isDashPlaceholder } from './parse-cell'

export interface InferredColumn extends DatasetColumn {
  /** 0-based index of the column in the sheet. */
  index: number
  letter: string
  /** Whether the sample had empty cells in this column. */
  nullable: boolean
  /** Up to 5 sample values as text, for the preview. */
  examples: string[]
}

interface Tally {
  total: number
  empty: number
  bool: number
  int: number
  dec: number
  date: number
  timestamp: number
  examples: string[]
}

/**
 * Picks per column the narrowest type that every non-empty sample value parses as:
 * boolean words -> boolean; whole numbers -> integer; numbers -> decimal; dates (date-formatted cells or
 * date text) -> date, or timestamp when any has a time of day; anything else -> text.
 */
export function inferSchema(layout: Layout, sample: RawRow[]): InferredColumn[] {
  const taken = new Set<string>()
  const tallies = layout.columns.map<Tally>(() => ({
    total: 0,
    empty: 0,
    bool: 0,
    int: 0,
    dec: 0,
    date: 0,
    timestamp: 0,
    examples: [],
  }))
  for (const row of sample) {
    if (row.row <= layout.lastHeaderRow) continue
    for (const [i, col] of layout.columns.entries()) tally(tallies[i]!, row.cells[col.index] ?? null)
  }
  return layout.columns.map((col, i) => {
    const t = tallies[i]!
    const filled = t.total - t.empty
    const type = pickType(t, filled)
    const displayName = col.header || `Столбец ${col.letter}`
    return {
      displayName,
      identifier: toIdentifier(displayName, taken),
      type,
      required: filled > 0 && t.empty === 0,
      enumValues: null,
      index: col.index,
      letter: col.letter,
      nullable: t.empty > 0 || filled === 0,
      examples: t.examples,
    }
  })
}

function pickType(t: Tally, filled: number): ColumnType {
  if (filled === 0) return 'text'
  if (t.bool === filled) return 'boolean'
  if (t.int === filled) return 'integer'
  if (t.dec === filled) return 'decimal'
  if (t.date + t.timestamp === filled) return t.timestamp > 0 ? 'timestamp' : 'date'
  return 'text'
}

function tally(t: Tally, v: CellValue): void {
  t.total++
  if (isEmptyCell(v)) {
    t.empty++
    return
  }
  if (typeof v === 'string' && isDashPlaceholder(v)) {
    // Counts as empty for typing; a column of nothing but dashes stays text (pickType sees no values).
    t.empty++
    return
  }
  if (t.examples.length < 5)
    t.examples.push(typeof v === 'object' && v !== null ? String(v.serial) : String(v))
  if (isBooleanWord(v)) {
    t.bool++
    return
  }
  if (isExcelDate(v)) {
    if (v.serial % 1 === 0) t.date++
    else t.timestamp++
    return
  }
  if (typeof v === 'number') {
    t.dec++
    if (Number.isSafeInteger(v)) t.int++
    return
  }
  if (typeof v !== 'string') return
  const d = parseDateText(v)
  if (d) {
    if (d.timeMs !== null && d.timeMs !== 0) t.timestamp++
    else t.date++
    return
  }
  const n = parseDecimalText(v)
  if (n !== null) {
    t.dec++
    // Leading zeros ("00123") are codes, not numbers: keep such a column as text.
    if (!n.includes('.') && !/^0\d/.test(v.trim()) && Number.isSafeInteger(Number(n))) t.int++
    else if (/^0\d/.test(v.trim())) t.dec--
  }
}
