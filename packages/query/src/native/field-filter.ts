import type { Catalog, CatalogColumnType, NativeVariable, SqlDialect } from '@vitrina/contracts'
import { getDialect } from '../dialect'
import { assertUnreachable, QueryError } from '../errors'

/** Text of the SQL, or a value to bind (cast to `cast` where the engine cannot infer the type). */
export type NativePiece = { text: string } | { value: unknown; cast: CatalogColumnType | null }

type Scalar = string | number | boolean
interface Range {
  from: Scalar | null
  to: Scalar | null
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/

/**
 * Metabase's field filter: `WHERE {{region}}` stands for a condition on the variable's column, which must be
 * in the source's catalog and is quoted as `"schema"."table"."column"`. Values are always bound:
 * a scalar → `= $1`, a list → `IN ($1, $2)`, `{ from, to }` → `BETWEEN` (or `>=` / `<=` when one side is
 * open). No value and no default → `1 = 1`, so the filter is simply off. On a timestamp column a date
 * (`2024-01-31`) means the whole day.
 */
export function fieldFilterPieces(
  variable: NativeVariable,
  given: unknown,
  dialectName: SqlDialect,
  catalog: Catalog | null,
): NativePiece[] {
  const dialect = getDialect(dialectName)
  const target = variable.field
  if (!target)
    throw new QueryError('SQL_VARIABLE_INVALID', `Field filter {{${variable.name}}} needs a column`, {
      variable: variable.name,
      reason: 'no-field',
    })
  const table = catalog?.tables.find((t) => t.schema === target.schema && t.name === target.name)
  if (!table)
    throw new QueryError(
      'QUERY_UNKNOWN_TABLE',
      `Field filter {{${variable.name}}}: unknown table ${target.schema}.${target.name}`,
      { variable: variable.name, schema: target.schema, table: target.name },
    )
  const type = table.columns.find((c) => c.name === target.column)?.type
  if (type === undefined)
    throw new QueryError(
      'QUERY_UNKNOWN_COLUMN',
      `Field filter {{${variable.name}}}: unknown column "${target.column}" in ${target.schema}.${target.name}`,
      { variable: variable.name, table: `${target.schema}.${target.name}`, column: target.column },
    )
  const column = [target.schema, target.name, target.column].map((n) => dialect.quoteIdentifier(n)).join('.')
  const value = chosenValue(given, variable.default)
  if (value === null) return [{ text: '1 = 1' }]

  const bound = (v: Scalar): NativePiece => typed(variable, type, v)
  const wholeDay = (v: Scalar) => type === 'timestamp' && typeof v === 'string' && DATE.test(v.trim())
  const onDay = dialect.typedPlaceholder(column, 'date')

  if (Array.isArray(value)) {
    const dayList = value.every(wholeDay)
    const items = value.flatMap((v, i) => [
      ...(i > 0 ? [{ text: ', ' }] : []),
      dayList ? { value: dateValue(variable, v), cast: 'date' as const } : bound(v),
    ])
    return [{ text: `${dayList ? onDay : column} IN (` }, ...items, { text: ')' }]
  }
  if (isRange(value)) {
    if (type === 'boolean') return invalid(variable, 'a range needs an ordered column', value)
    const { from, to } = value
    if (from !== null && to !== null && !wholeDay(to))
      return [{ text: `${column} BETWEEN ` }, bound(from), { text: ' AND ' }, bound(to)]
    const out: NativePiece[] = []
    if (from !== null) out.push({ text: `${column} >= ` }, bound(from))
    if (from !== null && to !== null) out.push({ text: ' AND ' })
    // The end day is inclusive: on a timestamp column "to 31 January" means before 1 February.
    if (to !== null && wholeDay(to)) out.push({ text: `${column} < ` }, bound(nextDay(String(to).trim())))
    else if (to !== null) out.push({ text: `${column} <= ` }, bound(to))
    return from !== null && to !== null ? [{ text: '(' }, ...out, { text: ')' }] : out
  }
  if (wholeDay(value)) return [{ text: `${onDay} = ` }, { value: dateValue(variable, value), cast: 'date' }]
  return [{ text: `${column} = ` }, bound(value)]
}

/** The given value, else the default; null when neither says anything (the filter is off). */
function chosenValue(given: unknown, fallback: string | number | null): Scalar | Scalar[] | Range | null {
  const absent = (v: unknown) =>
    v === undefined ||
    v === null ||
    v === '' ||
    (Array.isArray(v) && v.length === 0) ||
    (isRange(v) && empty(v.from) && empty(v.to))
  if (!absent(given)) {
    if (isRange(given))
      return { from: empty(given.from) ? null : given.from, to: empty(given.to) ? null : given.to }
    if (Array.isArray(given)) return given.filter((v) => !empty(v)) as Scalar[]
    return given as Scalar
  }
  return fallback === null || fallback === '' ? null : fallback
}

const empty = (v: unknown) => v === null || v === undefined || v === ''

function isRange(v: unknown): v is Range {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && ('from' in v || 'to' in v)
}

/** A value converted to the column's type, with the cast the engines need for dates and timestamps. */
function typed(variable: NativeVariable, type: CatalogColumnType, raw: unknown): NativePiece {
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean')
    return invalid(variable, `a ${type} value`, raw)
  switch (type) {
    case 'integer':
    case 'decimal':
    case 'float': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : Number.NaN
      if (!Number.isFinite(n) || (typeof raw === 'string' && raw.trim() === ''))
        return invalid(variable, 'a number', raw)
      return { value: n, cast: null }
    }
    case 'date':
      return { value: dateValue(variable, raw), cast: 'date' }
    case 'timestamp': {
      const text = String(raw).trim()
      if (!DATE.test(text) && !DATE_TIME.test(text)) return invalid(variable, 'a date or date and time', raw)
      return { value: text.replace('T', ' '), cast: 'timestamp' }
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw, cast: null }
      const text = String(raw).trim().toLowerCase()
      if (text === 'true' || text === '1') return { value: true, cast: null }
      if (text === 'false' || text === '0') return { value: false, cast: null }
      return invalid(variable, 'true or false', raw)
    }
    case 'text':
    case 'other':
      return { value: String(raw), cast: null }
    default:
      return assertUnreachable(type)
  }
}

function dateValue(variable: NativeVariable, raw: unknown): string {
  const text = typeof raw === 'string' ? raw.trim() : ''
  if (!DATE.test(text) || Number.isNaN(Date.parse(text))) return invalid(variable, 'a date (YYYY-MM-DD)', raw)
  return text
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

function invalid(variable: NativeVariable, wanted: string, value: unknown): never {
  throw new QueryError('SQL_VARIABLE_INVALID', `Field filter {{${variable.name}}} needs ${wanted}`, {
    variable: variable.name,
    type: 'field-filter',
    value: typeof value === 'object' ? JSON.stringify(value) : String(value),
  })
}
