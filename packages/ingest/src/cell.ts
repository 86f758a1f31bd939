/** A date cell as the spreadsheet stored it: a serial day number in the 1900 date system. */
export interface ExcelDate {
  readonly kind: 'date'
  /** Days since 1899-12-30 as Excel counts them (1900 system, Lotus leap-year bug included). */
  readonly serial: number
}

/** A raw cell value as a reader yields it, before any typing. */
export type CellValue = string | number | boolean | ExcelDate | null

/** One sheet row with its coordinates: `row` is the 1-based number Excel shows; cells[0] is column A. */
export interface RawRow {
  row: number
  cells: CellValue[]
}

/** Offset between the 1904 and the 1900 date systems, in days. */
export const DATE1904_OFFSET = 1462

export function excelDate(serial: number, date1904: boolean): ExcelDate {
  return { kind: 'date', serial: date1904 ? serial + DATE1904_OFFSET : serial }
}

export function isExcelDate(v: CellValue): v is ExcelDate {
  return typeof v === 'object' && v !== null && v.kind === 'date'
}

const MS_PER_DAY = 86_400_000
const UNIX_EPOCH_SERIAL = 25_569

/**
 * Unix milliseconds of a 1900-system serial. Serials below 61 sit before Lotus's phantom 1900-02-29 (serial 60),
 * so they are shifted by one day; 60 itself maps onto 1900-02-28.
 */
export function serialToEpochMs(serial: number): number {
  const s = serial < 61 ? serial + 1 : serial
  return Math.round((s - UNIX_EPOCH_SERIAL) * MS_PER_DAY)
}

export function epochMsToSerial(ms: number): number {
  const s = ms / MS_PER_DAY + UNIX_EPOCH_SERIAL
  return s < 61 ? s - 1 : s
}

/** "YYYY-MM-DD" of a serial (time of day dropped). */
export function serialToIsoDate(serial: number): string {
  return new Date(serialToEpochMs(Math.floor(serial))).toISOString().slice(0, 10)
}

/** "YYYY-MM-DD HH:MM:SS[.fff]" of a serial; fractional milliseconds are rounded away. */
export function serialToIsoTimestamp(serial: number): string {
  const iso = new Date(serialToEpochMs(serial)).toISOString()
  const ms = iso.slice(20, 23)
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${ms === '000' ? '' : `.${ms}`}`
}

/** Column letters of a 0-based index: 0 -> A, 26 -> AA. */
export function columnLetter(index: number): string {
  let n = index + 1
  let s = ''
  while (n > 0) {
    const r = (n - 1) % 26
    s = String.fromCharCode(65 + r) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

/** 0-based column index of the letters at the start of a cell reference ("BC12" -> 54), or -1. */
export function columnIndexOfRef(ref: string): number {
  let n = 0
  let i = 0
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i)
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64)
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96)
    else break
  }
  return i === 0 ? -1 : n - 1
}

/** Parses "A1:C2" into 0-based column indexes and 1-based row numbers. */
export interface CellRange {
  firstCol: number
  firstRow: number
  lastCol: number
  lastRow: number
}

export function parseRange(ref: string): CellRange | null {
  const m = /^([A-Za-z]{1,3})(\d+)(?::([A-Za-z]{1,3})(\d+))?$/.exec(ref.trim())
  if (!m) return null
  const firstCol = columnIndexOfRef(m[1]!)
  const firstRow = Number(m[2])
  const lastCol = m[3] ? columnIndexOfRef(m[3]) : firstCol
  const lastRow = m[4] ? Number(m[4]) : firstRow
  return { firstCol, firstRow, lastCol, lastRow }
}

export function isEmptyCell(v: CellValue): boolean {
  if (v === null) return true
  if (typeof v !== 'string') return false
  if (v.length === 0) return true
  // Only text that starts or ends with whitespace can be blank: skip the trimmed copy otherwise.
  const a = v.charCodeAt(0)
  const z = v.charCodeAt(v.length - 1)
  if (a > 32 && a !== 160 && z > 32 && z !== 160) return false
  return v.trim() === ''
}
