import { assertUnreachable } from '../http/errors'
import { trimDecimal } from './sql'
import type { LoadValue, WarehouseColumn } from './warehouse'
import { WarehouseError } from './warehouse-errors'

const INTEGER_TEXT = /^[+-]?\d+$/
const DECIMAL_TEXT = /^[+-]?\d{1,28}(\.\d{1,10})?$/
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/
const TIMESTAMP_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?$/

const BIGINT_MIN = -(2n ** 63n)
const BIGINT_MAX = 2n ** 63n - 1n
const inBigintRange = (n: bigint) => n >= BIGINT_MIN && n <= BIGINT_MAX

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function validDay(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false
  return d <= (m === 2 && isLeap(y) ? 29 : (MONTH_DAYS[m - 1] as number))
}
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0

function badValue(column: WarehouseColumn, row: number, value: LoadValue, why: string): WarehouseError {
  return new WarehouseError('WAREHOUSE_LOAD_BAD_VALUE', `Row ${row}, column ${column.identifier}: ${why}`, {
    row,
    column: column.identifier,
    value: String(value),
  })
}

/** Turns one non-null load value of a column into the text the engines cast from. */
export type LoadConverter = (value: LoadValue, row: number) => string

/**
 * Per-column converters, checked first so both engines accept exactly the same values: the engines
 * would round rather than refuse ("1.5" into BIGINT in DuckDB, an 11th decimal place in both), and
 * PostgreSQL reads "01.02.2025" by its DateStyle. Dates and timestamps must be ISO text.
 * Built once per load: they run for every cell.
 */
export function loadConverter(column: WarehouseColumn): LoadConverter {
  switch (column.type) {
    case 'text':
      return (v) => (typeof v === 'string' ? v : String(v))
    case 'integer':
      return (v, row) => {
        if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v)
        if (typeof v === 'string' && INTEGER_TEXT.test(v) && (v.length < 19 || inBigintRange(BigInt(v))))
          return v
        if (typeof v === 'bigint' && inBigintRange(v)) return String(v)
        throw badValue(
          column,
          row,
          v,
          `${JSON.stringify(String(v))} is not a whole number within the 64-bit range`,
        )
      }
    case 'decimal':
      return (v, row) => {
        const text =
          typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? decimalFromNumber(v) : ''
        if (DECIMAL_TEXT.test(text)) return text
        throw badValue(
          column,
          row,
          v,
          `${JSON.stringify(String(v))} is not a decimal with at most 28 digits before and 10 after the point`,
        )
      }
    case 'date': {
      // A load repeats the same days: each distinct text is checked once.
      const checked = new Set<string>()
      return (v, row) => {
        if (typeof v === 'string' && checked.has(v)) return v
        const m = typeof v === 'string' ? DATE_TEXT.exec(v) : null
        if (m && validDay(Number(m[1]), Number(m[2]), Number(m[3]))) {
          if (checked.size < 10_000) checked.add(v as string)
          return v as string
        }
        throw badValue(column, row, v, `${JSON.stringify(String(v))} is not a date (YYYY-MM-DD)`)
      }
    }
    case 'timestamp':
      return (v, row) => {
        const m = typeof v === 'string' ? TIMESTAMP_TEXT.exec(v) : null
        if (
          m &&
          validDay(Number(m[1]), Number(m[2]), Number(m[3])) &&
          Number(m[4] ?? 0) < 24 &&
          Number(m[5] ?? 0) < 60 &&
          Number(m[6] ?? 0) < 60
        ) {
          return v as string
        }
        throw badValue(
          column,
          row,
          v,
          `${JSON.stringify(String(v))} is not a timestamp (YYYY-MM-DD HH:MM:SS)`,
        )
      }
    case 'boolean':
      return (v, row) => {
        if (v === true || v === 'true') return 'true'
        if (v === false || v === 'false') return 'false'
        throw badValue(column, row, v, `${JSON.stringify(String(v))} is not true or false`)
      }
    default:
      return assertUnreachable(column.type)
  }
}

/** 1e-7 -> "0.0000001": the engines' decimal casts do not all read exponents. */
function decimalFromNumber(n: number): string {
  const text = String(n)
  return /e/i.test(text) ? trimDecimal(n.toFixed(10)) : text
}
