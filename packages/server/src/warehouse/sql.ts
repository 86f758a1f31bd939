import type { CatalogColumnType, ColumnType } from '@vitrina/contracts'
import { assertUnreachable } from '../http/errors'
import {
  BATCH_COLUMN,
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

/** `createTable` of both engines: the schema, then the table. */
export function createTableStatements(
  dialect: WarehouseDialect,
  ref: TableRef,
  columns: WarehouseColumn[],
): string[] {
  return [`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(ref.schema)}`, createTableSql(dialect, ref, columns)]
}

/** `addColumn` of both engines: always nullable, since existing rows have no value for it. */
export function addColumnSql(dialect: WarehouseDialect, ref: TableRef, column: WarehouseColumn): string {
  return `ALTER TABLE ${quoteTable(ref)} ADD COLUMN ${quoteIdent(column.identifier)} ${sqlType(dialect, column.type)}`
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
