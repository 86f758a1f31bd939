import type { ColumnType } from '@vitrina/contracts'
import { type CellValue, isExcelDate, serialToEpochMs, serialToIsoDate, serialToIsoTimestamp } from './cell'
import { formatDate, formatTimestamp, isSerialInRange, parseDateText } from './dates'
import { assertUnreachable } from './errors'
import { numberToDecimal, parseDecimalText } from './numbers'

/**
 * A typed value: text -> string, integer -> number (safe range), decimal -> normalised decimal string,
 * date -> "YYYY-MM-DD", timestamp -> "YYYY-MM-DD HH:MM:SS[.fff]", boolean -> boolean.
 */
export type TypedValue = string | number | boolean | null

export const CELL_ERROR_REASONS = [
  'required',
  'not_a_number',
  'not_an_integer',
  'out_of_range',
  'not_a_date',
  'not_a_timestamp',
  'not_a_boolean',
  'not_in_list',
  'too_long',
  'duplicate_key',
] as const
export type CellErrorReason = (typeof CELL_ERROR_REASONS)[number]

export type ParseResult = { ok: true; value: TypedValue } | { ok: false; reason: CellErrorReason }

const TRUE_WORDS = new Set(['да', 'true', 'yes', 'истина', 'д', 'y', '1', '+', 'вкл'])
const FALSE_WORDS = new Set(['нет', 'false', 'no', 'ложь', 'н', 'n', '0', '-', 'выкл'])
/** Text longer than this is refused: it is almost certainly a broken file, and it bloats every index. */
export const MAX_TEXT_LENGTH = 32_767

const isoDates = new Map<number, string>()

/** Date columns repeat the same few thousand days: the ISO text of each serial is computed once. */
function isoDateCached(serial: number): string {
  let s = isoDates.get(serial)
  if (s === undefined) {
    s = serialToIsoDate(serial)
    if (isoDates.size < 100_000) isoDates.set(serial, s)
  }
  return s
}

const textDates = new Map<string, string>()

/** Date texts repeat as much ("31.12.2025" on every row of a day): each is parsed once. */
function rememberTextDate(text: string, iso: string): string {
  if (textDates.size < 100_000) textDates.set(text, iso)
  return iso
}

/** "-", "–", "—" alone: a placeholder for an empty number or date. */
export function isDashPlaceholder(s: string): boolean {
  return s.length <= 3 && /^\s*[-\u2012\u2013\u2014\u2212]\s*$/.test(s)
}

/** Whitespace-only text, without allocating a trimmed copy for the usual non-blank value. */
export function isBlank(s: string): boolean {
  if (s.length === 0) return true
  const a = s.charCodeAt(0)
  const z = s.charCodeAt(s.length - 1)
  if (a > 32 && a !== 160 && z > 32 && z !== 160) return false
  return s.trim() === ''
}

function ok(value: TypedValue): ParseResult {
  return { ok: true, value }
}
function fail(reason: CellErrorReason): ParseResult {
  return { ok: false, reason }
}

/** Parses one raw cell as `type`; empty cells give null (the caller decides whether that is allowed). */
export function parseCell(type: ColumnType, raw: CellValue): ParseResult {
  if (raw === null || (typeof raw === 'string' && isBlank(raw))) return ok(null)
  // Russian reports write a lone dash for "nothing" in number and date columns.
  if (type !== 'text' && typeof raw === 'string' && isDashPlaceholder(raw)) return ok(null)
  // Fast paths for what spreadsheets mostly hold: numeric cells in number columns, date cells in date columns.
  if (typeof raw === 'number') {
    if (type === 'integer' && Number.isSafeInteger(raw)) return ok(raw)
    if (type === 'decimal' && Number.isFinite(raw)) {
      // String() of a finite double is already normalised (no leading or trailing zeros) unless it has an exponent.
      const s = String(raw)
      return ok(s.includes('e') ? numberToDecimal(raw) : s)
    }
  } else if (
    type === 'date' &&
    typeof raw === 'object' &&
    Number.isInteger(raw.serial) &&
    isSerialInRange(raw.serial)
  ) {
    return ok(isoDateCached(raw.serial))
  }
  switch (type) {
    case 'text':
      return parseText(raw)
    case 'integer':
      return parseInteger(raw)
    case 'decimal':
      return parseDecimal(raw)
    case 'date':
      return parseDate(raw, false)
    case 'timestamp':
      return parseDate(raw, true)
    case 'boolean':
      return parseBoolean(raw)
    default:
      return assertUnreachable(type)
  }
}

function parseText(raw: Exclude<CellValue, null>): ParseResult {
  if (typeof raw === 'string') return raw.length > MAX_TEXT_LENGTH ? fail('too_long') : ok(raw.trim())
  if (typeof raw === 'number') return ok(numberToDecimal(raw))
  if (typeof raw === 'boolean') return ok(raw ? 'true' : 'false')
  const frac = raw.serial % 1
  return ok(frac === 0 ? serialToIsoDate(raw.serial) : serialToIsoTimestamp(raw.serial))
}

function parseDecimal(raw: Exclude<CellValue, null>): ParseResult {
  if (typeof raw === 'number') {
    const d = numberToDecimal(raw)
    return d === null ? fail('not_a_number') : ok(d)
  }
  if (typeof raw === 'string') {
    const d = parseDecimalText(raw)
    return d === null ? fail('not_a_number') : ok(d)
  }
  return fail('not_a_number')
}

function parseInteger(raw: Exclude<CellValue, null>): ParseResult {
  const d = parseDecimal(raw)
  if (!d.ok) return d
  const s = d.value as string
  if (s.includes('.')) return fail('not_an_integer')
  const n = Number(s)
  return Number.isSafeInteger(n) ? ok(n) : fail('out_of_range')
}

function parseDate(raw: Exclude<CellValue, null>, withTime: boolean): ParseResult {
  const reason = withTime ? 'not_a_timestamp' : 'not_a_date'
  let serial: number | null = null
  if (isExcelDate(raw)) serial = raw.serial
  else if (typeof raw === 'number') serial = raw
  else if (typeof raw === 'string') {
    const known = withTime ? undefined : textDates.get(raw)
    if (known !== undefined) return ok(known)
    const p = parseDateText(raw)
    if (p) {
      if (!withTime && p.timeMs !== null && p.timeMs !== 0) return fail(reason)
      return ok(withTime ? formatTimestamp(p) : rememberTextDate(raw, formatDate(p)))
    }
    // A serial typed as text ("45657") is accepted in a column already declared as a date.
    const d = parseDecimalText(raw)
    if (d !== null && /^\d{1,7}(\.\d+)?$/.test(d)) serial = Number(d)
  }
  if (serial === null || !isSerialInRange(serial)) return fail(reason)
  if (!withTime) {
    // A date column accepts whole days only; a time part means the column should be a timestamp.
    const ms = serialToEpochMs(serial)
    if (ms % 86_400_000 !== 0) return fail(reason)
    return ok(serialToIsoDate(serial))
  }
  return ok(serialToIsoTimestamp(serial))
}

function parseBoolean(raw: Exclude<CellValue, null>): ParseResult {
  if (typeof raw === 'boolean') return ok(raw)
  if (typeof raw === 'number') return raw === 1 ? ok(true) : raw === 0 ? ok(false) : fail('not_a_boolean')
  if (typeof raw === 'string') {
    const w = raw.trim().toLowerCase()
    if (TRUE_WORDS.has(w)) return ok(true)
    if (FALSE_WORDS.has(w)) return ok(false)
  }
  return fail('not_a_boolean')
}

/** Whether a raw value is a boolean word (not 1/0, which read as numbers during inference). */
export function isBooleanWord(raw: CellValue): boolean {
  if (typeof raw === 'boolean') return true
  if (typeof raw !== 'string') return false
  const w = raw.trim().toLowerCase()
  return w !== '1' && w !== '0' && w !== '+' && w !== '-' && (TRUE_WORDS.has(w) || FALSE_WORDS.has(w))
}
