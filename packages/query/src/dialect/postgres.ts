import type { CatalogColumnType, DateUnit } from '@vitrina/contracts'
import { assertUnreachable } from '../errors'
import { type DatePart, type Dialect, LIKE_ESCAPE, quoteWith } from './dialect'

const PG_TYPES: Record<CatalogColumnType, string> = {
  text: 'text',
  integer: 'bigint',
  decimal: 'numeric',
  float: 'double precision',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
  other: 'text',
}

export const postgresDialect: Dialect = {
  name: 'postgres',
  quoteIdentifier: (name) => quoteWith('"', name),
  placeholder: (index) => `$${index}`,
  typedPlaceholder: (placeholder, type) => `CAST(${placeholder} AS ${PG_TYPES[type]})`,
  // date_trunc has no DATE variant: without the cast a DATE would go through timestamptz.
  dateTrunc: (sql, unit: DateUnit) => `CAST(DATE_TRUNC('${unit}', CAST(${sql} AS timestamp)) AS date)`,
  datePart: (sql, part: DatePart) => `CAST(EXTRACT(${extractField(part)} FROM ${sql}) AS integer)`,
  toFloat: (sql) => `CAST(${sql} AS double precision)`,
  concat: (args) => `CONCAT(${args.join(', ')})`,
  // round(double precision) rounds half to even; numeric rounds half away from zero like the others.
  round: (sql, digits) => `ROUND(CAST(${sql} AS numeric), ${digits})`,
  percentile: (sql, p) => `PERCENTILE_CONT(${p}) WITHIN GROUP (ORDER BY ${sql})`,
  median: (sql) => `PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY ${sql})`,
  like: (sql, pattern, caseSensitive) =>
    caseSensitive
      ? `${sql} LIKE ${pattern} ESCAPE '${LIKE_ESCAPE}'`
      : `LOWER(${sql}) LIKE LOWER(${pattern}) ESCAPE '${LIKE_ESCAPE}'`,
  orderItem: (sql, direction) => (direction === 'asc' ? `${sql} ASC NULLS FIRST` : `${sql} DESC NULLS LAST`),
}

/** Shared by PostgreSQL and DuckDB, which both know ISODOW. */
export function extractField(part: DatePart): string {
  switch (part) {
    case 'year':
      return 'YEAR'
    case 'quarter':
      return 'QUARTER'
    case 'month':
      return 'MONTH'
    case 'day':
      return 'DAY'
    case 'weekday':
      return 'ISODOW'
    default:
      return assertUnreachable(part)
  }
}
