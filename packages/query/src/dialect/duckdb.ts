import type { CatalogColumnType, DateUnit } from '@vitrina/contracts'
import { type DatePart, type Dialect, LIKE_ESCAPE, quoteWith } from './dialect'
import { extractField } from './postgres'

const DUCKDB_TYPES: Record<CatalogColumnType, string> = {
  text: 'VARCHAR',
  integer: 'BIGINT',
  decimal: 'DOUBLE',
  float: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  other: 'VARCHAR',
}

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  quoteIdentifier: (name) => quoteWith('"', name),
  placeholder: (index) => `$${index}`,
  typedPlaceholder: (placeholder, type) => `CAST(${placeholder} AS ${DUCKDB_TYPES[type]})`,
  dateTrunc: (sql, unit: DateUnit) => `CAST(DATE_TRUNC('${unit}', ${sql}) AS DATE)`,
  datePart: (sql, part: DatePart) => `CAST(EXTRACT(${extractField(part)} FROM ${sql}) AS INTEGER)`,
  toFloat: (sql) => `CAST(${sql} AS DOUBLE)`,
  concat: (args) => `CONCAT(${args.join(', ')})`,
  round: (sql, digits) => `ROUND(CAST(${sql} AS DECIMAL(38, 10)), ${digits})`,
  percentile: (sql, p) => `QUANTILE_CONT(${sql}, ${p})`,
  median: (sql) => `MEDIAN(${sql})`,
  like: (sql, pattern, caseSensitive) =>
    caseSensitive
      ? `${sql} LIKE ${pattern} ESCAPE '${LIKE_ESCAPE}'`
      : `LOWER(${sql}) LIKE LOWER(${pattern}) ESCAPE '${LIKE_ESCAPE}'`,
  // DuckDB sorts NULLs last in both directions by default.
  orderItem: (sql, direction) => (direction === 'asc' ? `${sql} ASC NULLS FIRST` : `${sql} DESC NULLS LAST`),
}
