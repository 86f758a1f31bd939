import type { CatalogColumnType, ColumnType } from '@vitrina/contracts'
import { assertUnreachable } from '../http/errors'
import {
  BATCH_COLUMN,
  type LoadMode,
  type LoadValue,
  type TableRef,
  type Value,
  type WarehouseColumn,
  type WarehouseDialect,
} from './warehouse'
import { WarehouseError } from './warehouse-errors'

/** Identifiers are always quoted, so any name (Cyrillic, reserved words) is taken literally. */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes('\u0000')) {
    throw new WarehouseError('WAREHOUSE_INVALID_DEFINITION', `Invalid identifier ${JSON.stringify(name)}`)
  }
  return `"${name.replaceAll('"', '""')}"`
}

export function quoteTable(ref: TableRef): string {
  return `${quoteIdent(ref.schema)}.${quoteIdent(ref.name)}`
}

/** Same value domain in both engines: DECIMAL(38,10) everywhere, timestamps without a time zone. */
export function sqlType(dialect: WarehouseDialect, type: ColumnType): string {
  const duck = dialect === 'duckdb'
  switch (type) {
    case 'text':
      return duck ? 'VARCHAR' : 'text'
    case 'integer':
      return duck ? 'BIGINT' : 'bigint'
    case 'decimal':
      return duck ? 'DECIMAL(38,10)' : 'numeric(38,10)'
    case 'date':
      return duck ? 'DATE' : 'date'
    case 'timestamp':
      return duck ? 'TIMESTAMP' : 'timestamp'
    case 'boolean':
      return duck ? 'BOOLEAN' : 'boolean'
    default:
      return assertUnreachable(type)
  }
}

/** Engine type name (DuckDB `DECIMAL(38,10)`, PostgreSQL `character varying`) -> catalog type. */
export function catalogType(engineType: string): CatalogColumnType {
  const t = engineType.toLowerCase()
  if (/^(varchar|text|character|char|bpchar|name|string)/.test(t)) return 'text'
  if (
    /^(bigint|integer|int|smallint|tinyint|hugeint|ubigint|uinteger|usmallint|utinyint|uhugeint)\b/.test(t)
  ) {
    return 'integer'
  }
  if (/^(decimal|numeric)/.test(t)) return 'decimal'
  if (/^(double|float|real)/.test(t)) return 'float'
  if (t === 'boolean' || t === 'bool') return 'boolean'
  if (t === 'date') return 'date'
  if (t.startsWith('timestamp')) return 'timestamp'
  return 'other'
}

/** "-1234.5600000000" -> "-1234.56", "100.0000000000" -> "100": exact, without the scale's padding. */
export function trimDecimal(text: string): string {
  if (!text.includes('.') || /e/i.test(text)) return text
  const trimmed = text.replace(/0+$/, '').replace(/\.$/, '')
  return trimmed === '-0' ? '0' : trimmed
}

/** One read value in the shape `Value` promises, whatever the driver handed over. */
export function normalizeValue(value: unknown, type: CatalogColumnType): Value {
  if (value === null || value === undefined) return null
  if (type === 'integer' && (typeof value === 'string' || typeof value === 'bigint')) {
    const n = Number(value)
    return Number.isSafeInteger(n) ? n : String(value)
  }
  if (type === 'decimal' && typeof value === 'string') return trimDecimal(value)
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value)
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  return JSON.stringify(value)
}

export function createTableSql(dialect: WarehouseDialect, ref: TableRef, columns: WarehouseColumn[]): string {
  checkColumns(columns)
  const defs = columns.map(
    (c) => `${quoteIdent(c.identifier)} ${sqlType(dialect, c.type)}${c.required ? ' NOT NULL' : ''}`,
  )
  defs.push(`${quoteIdent(BATCH_COLUMN)} ${dialect === 'duckdb' ? 'VARCHAR' : 'text'}`)
  return `CREATE TABLE ${quoteTable(ref)} (${defs.join(', ')})`
}

/** The staging table has the target's types but no constraints: the insert into the target checks them. */
export function stagingColumnsSql(dialect: WarehouseDialect, columns: WarehouseColumn[]): string {
  return columns.map((c) => `${quoteIdent(c.identifier)} ${sqlType(dialect, c.type)}`).join(', ')
}

export function checkColumns(columns: WarehouseColumn[]): void {
  if (columns.length === 0)
    throw new WarehouseError('WAREHOUSE_INVALID_DEFINITION', 'A table needs at least one column')
  const seen = new Set<string>()
  for (const c of columns) {
    if (c.identifier === BATCH_COLUMN) {
      throw new WarehouseError('WAREHOUSE_INVALID_DEFINITION', `Column name ${BATCH_COLUMN} is reserved`)
    }
    if (seen.has(c.identifier)) {
      throw new WarehouseError('WAREHOUSE_INVALID_DEFINITION', `Column ${c.identifier} appears twice`)
    }
    seen.add(c.identifier)
  }
}

/** One statement of a load after staging; `count` says which LoadResult figure its row count feeds. */
export interface LoadStatement {
  sql: string
  params: unknown[]
  count: 'deleted' | 'updated' | null
}

/** Checks run on the staged rows before any statement touches the target; a returned row fails the load. */
export interface LoadCheck {
  sql: string
  code: 'WAREHOUSE_LOAD_DUPLICATE_KEY' | 'WAREHOUSE_LOAD_NULL_KEY'
  message: string
}

export interface LoadPlan {
  checks: LoadCheck[]
  statements: LoadStatement[]
}

/** The mode's statements, shared by both engines (`$1` placeholders work in each). */
export function planLoad(
  target: TableRef,
  staging: string,
  columns: WarehouseColumn[],
  mode: LoadMode,
  batchId: string,
): LoadPlan {
  checkColumns(columns)
  const t = quoteTable(target)
  const names = columns.map((c) => quoteIdent(c.identifier))
  const insert: LoadStatement = {
    sql: `INSERT INTO ${t} (${names.join(', ')}, ${quoteIdent(BATCH_COLUMN)}) SELECT ${names.join(', ')}, $1 FROM ${staging}`,
    params: [batchId],
    count: null,
  }
  const column = (identifier: string, role: string) => {
    const found = columns.find((c) => c.identifier === identifier)
    if (!found) {
      throw new WarehouseError('WAREHOUSE_INVALID_DEFINITION', `${role} ${identifier} is not a loaded column`)
    }
    return found
  }
  switch (mode.kind) {
    case 'append':
      return { checks: [], statements: [insert] }
    case 'replace':
      return { checks: [], statements: [{ sql: `DELETE FROM ${t}`, params: [], count: 'deleted' }, insert] }
    case 'replace-period': {
      const d = column(mode.dateColumn, 'Date column')
      if (d.type !== 'date' && d.type !== 'timestamp') {
        throw new WarehouseError(
          'WAREHOUSE_INVALID_DEFINITION',
          `Date column ${d.identifier} is of type ${d.type}`,
        )
      }
      const q = quoteIdent(d.identifier)
      // An empty load has no period (min and max are NULL), so it deletes nothing.
      const del = `DELETE FROM ${t} WHERE ${q} >= (SELECT min(${q}) FROM ${staging}) AND ${q} <= (SELECT max(${q}) FROM ${staging})`
      return { checks: [], statements: [{ sql: del, params: [], count: 'deleted' }, insert] }
    }
    case 'upsert': {
      if (mode.keyColumns.length === 0) {
        throw new WarehouseError('WAREHOUSE_INVALID_DEFINITION', 'Upsert needs at least one key column')
      }
      const keys = mode.keyColumns.map((k) => quoteIdent(column(k, 'Key column').identifier))
      const match = keys.map((k) => `s.${k} = t.${k}`).join(' AND ')
      return {
        checks: [
          {
            sql: `SELECT 1 FROM ${staging} WHERE ${keys.map((k) => `${k} IS NULL`).join(' OR ')} LIMIT 1`,
            code: 'WAREHOUSE_LOAD_NULL_KEY',
            message: `A loaded row has an empty key (${mode.keyColumns.join(', ')})`,
          },
          {
            sql: `SELECT 1 FROM ${staging} GROUP BY ${keys.join(', ')} HAVING count(*) > 1 LIMIT 1`,
            code: 'WAREHOUSE_LOAD_DUPLICATE_KEY',
            message: `Several loaded rows have the same key (${mode.keyColumns.join(', ')})`,
          },
        ],
        statements: [
          {
            sql: `DELETE FROM ${t} t WHERE EXISTS (SELECT 1 FROM ${staging} s WHERE ${match})`,
            params: [],
            count: 'updated',
          },
          insert,
        ],
      }
    }
    default:
      return assertUnreachable(mode)
  }
}

/** Fires `cancel` on abort or when the time is up, and tells afterwards which one happened. */
export function watchQuery(
  opts: { signal?: AbortSignal; timeoutMs?: number },
  cancel: () => void,
): { stopped(): 'timeout' | 'cancelled' | null; dispose(): void } {
  let reason: 'timeout' | 'cancelled' | null = null
  const fire = (why: 'timeout' | 'cancelled') => {
    if (reason !== null) return
    reason = why
    cancel()
  }
  const onAbort = () => fire('cancelled')
  if (opts.signal?.aborted) reason = 'cancelled'
  opts.signal?.addEventListener('abort', onAbort, { once: true })
  const timer = opts.timeoutMs === undefined ? null : setTimeout(() => fire('timeout'), opts.timeoutMs)
  return {
    stopped: () => reason,
    dispose() {
      if (timer) clearTimeout(timer)
      opts.signal?.removeEventListener('abort', onAbort)
    },
  }
}

export function stoppedError(reason: 'timeout' | 'cancelled', timeoutMs: number | undefined): WarehouseError {
  return reason === 'timeout'
    ? new WarehouseError(
        'WAREHOUSE_QUERY_TIMEOUT',
        `The query ran longer than ${timeoutMs} ms and was stopped`,
      )
    : new WarehouseError('WAREHOUSE_QUERY_CANCELLED', 'The query was cancelled')
}

const INTEGER_TEXT = /^[+-]?\d+$/
const DECIMAL_TEXT = /^[+-]?\d{1,28}(\.\d{1,10})?$/
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/
const TIMESTAMP_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?$/

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
        if (typeof v === 'string' && INTEGER_TEXT.test(v)) return v
        if (typeof v === 'bigint') return String(v)
        throw badValue(column, row, v, `${JSON.stringify(String(v))} is not a whole number`)
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
    case 'date':
      return (v, row) => {
        const m = typeof v === 'string' ? DATE_TEXT.exec(v) : null
        if (m && validDay(Number(m[1]), Number(m[2]), Number(m[3]))) return v as string
        throw badValue(column, row, v, `${JSON.stringify(String(v))} is not a date (YYYY-MM-DD)`)
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
