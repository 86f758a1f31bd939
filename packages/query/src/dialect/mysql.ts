import type { CatalogColumnType, DateUnit } from '@vitrina/contracts'
import { assertUnreachable, QueryError } from '../errors'
import { type DatePart, type Dialect, LIKE_ESCAPE, quoteWith } from './dialect'

/** MySQL/MariaDB infer `?` types from the sent value; casts only where the value must become a date. */
const MYSQL_CASTS: Record<CatalogColumnType, string | null> = {
  text: null,
  integer: 'SIGNED',
  decimal: 'DECIMAL(38, 10)',
  float: 'DOUBLE',
  boolean: null,
  date: 'DATE',
  timestamp: 'DATETIME',
  other: null,
}

export const mysqlDialect: Dialect = {
  name: 'mysql',
  quoteIdentifier: (name) => quoteWith('`', name),
  placeholder: () => '?',
  typedPlaceholder: (placeholder, type) => {
    const cast = MYSQL_CASTS[type]
    return cast === null ? placeholder : `CAST(${placeholder} AS ${cast})`
  },
  dateTrunc,
  datePart,
  toFloat: (sql) => `CAST(${sql} AS DOUBLE)`,
  // CONCAT returns NULL when any argument is NULL; CONCAT_WS skips NULLs.
  concat: (args) => `CONCAT_WS('', ${args.join(', ')})`,
  round: (sql, digits) => `ROUND(CAST(${sql} AS DECIMAL(38, 10)), ${digits})`,
  percentile: () => unsupported('percentile'),
  median: () => unsupported('median'),
  like: (sql, pattern, caseSensitive) =>
    caseSensitive
      ? `CAST(${sql} AS BINARY) LIKE CAST(${pattern} AS BINARY) ESCAPE '${LIKE_ESCAPE}'`
      : `LOWER(${sql}) LIKE LOWER(${pattern}) ESCAPE '${LIKE_ESCAPE}'`,
  // MySQL already sorts NULLs first ascending and last descending, and has no NULLS FIRST syntax.
  orderItem: (sql, direction) => (direction === 'asc' ? `${sql} ASC` : `${sql} DESC`),
}

function dateTrunc(sql: string, unit: DateUnit): string {
  switch (unit) {
    case 'day':
      return `CAST(${sql} AS DATE)`
    case 'week':
      // WEEKDAY() is 0 on Monday.
      return `DATE_SUB(CAST(${sql} AS DATE), INTERVAL WEEKDAY(${sql}) DAY)`
    case 'month':
      return `CAST(DATE_FORMAT(${sql}, '%Y-%m-01') AS DATE)`
    case 'quarter':
      return `MAKEDATE(YEAR(${sql}), 1) + INTERVAL (QUARTER(${sql}) - 1) QUARTER`
    case 'year':
      return `MAKEDATE(YEAR(${sql}), 1)`
    default:
      return assertUnreachable(unit)
  }
}

function datePart(sql: string, part: DatePart): string {
  switch (part) {
    case 'year':
      return `YEAR(${sql})`
    case 'quarter':
      return `QUARTER(${sql})`
    case 'month':
      return `MONTH(${sql})`
    case 'day':
      return `DAY(${sql})`
    case 'weekday':
      return `(WEEKDAY(${sql}) + 1)`
    default:
      return assertUnreachable(part)
  }
}

function unsupported(what: string): never {
  // MariaDB has MEDIAN/PERCENTILE_CONT only as window functions, MySQL not at all.
  throw new QueryError('QUERY_UNSUPPORTED_IN_DIALECT', `${what} is not supported by MySQL/MariaDB`, {
    dialect: 'mysql',
    feature: what,
  })
}
