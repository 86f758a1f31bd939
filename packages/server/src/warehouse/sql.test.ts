import { describe, expect, it } from 'vitest'
import { catalogType, createTableSql, normalizeValue, quoteIdent, trimDecimal } from './sql'
import type { WarehouseColumn } from './warehouse'
import { WarehouseError } from './warehouse-errors'

const COLUMNS: WarehouseColumn[] = [
  { identifier: 'id', type: 'integer', required: true },
  { identifier: 'day', type: 'date', required: true },
  { identifier: 'amount', type: 'decimal', required: false },
]
const T = { schema: 'datasets', name: 'sales' }

function codeOf(fn: () => unknown): string | null {
  try {
    fn()
    return null
  } catch (err) {
    return err instanceof WarehouseError ? err.code : 'OTHER'
  }
}

describe('quoting', () => {
  it('quotes every identifier and doubles embedded quotes', () => {
    expect(quoteIdent('продажи')).toBe('"продажи"')
    expect(quoteIdent('a"; DROP TABLE x; --')).toBe('"a""; DROP TABLE x; --"')
    expect(codeOf(() => quoteIdent(''))).toBe('WAREHOUSE_INVALID_DEFINITION')
  })

  it('creates the table with engine types, NOT NULL for required columns and the batch column', () => {
    expect(createTableSql('postgres', T, COLUMNS)).toBe(
      'CREATE TABLE "datasets"."sales" ("id" bigint NOT NULL, "day" date NOT NULL, "amount" numeric(38,10), "_batch_id" text)',
    )
    expect(createTableSql('duckdb', T, COLUMNS)).toBe(
      'CREATE TABLE "datasets"."sales" ("id" BIGINT NOT NULL, "day" DATE NOT NULL, "amount" DECIMAL(38,10), "_batch_id" VARCHAR)',
    )
  })
})

describe('read values', () => {
  it('decimals lose only the padding of their scale', () => {
    expect(trimDecimal('-1234.5600000000')).toBe('-1234.56')
    expect(trimDecimal('100.0000000000')).toBe('100')
    expect(trimDecimal('-0.0000000000')).toBe('0')
    expect(trimDecimal('1200')).toBe('1200')
  })

  it('integers past 2^53 stay exact as text', () => {
    expect(normalizeValue('9007199254740993', 'integer')).toBe('9007199254740993')
    expect(normalizeValue(12n, 'integer')).toBe(12)
  })

  it('maps engine type names to catalog types', () => {
    expect(
      [
        'VARCHAR',
        'character varying',
        'BIGINT',
        'HUGEINT',
        'DECIMAL(38,10)',
        'numeric',
        'double precision',
        'DATE',
      ].map(catalogType),
    ).toEqual(['text', 'text', 'integer', 'integer', 'decimal', 'decimal', 'float', 'date'])
    expect(['timestamp without time zone', 'BOOLEAN', 'interval'].map(catalogType)).toEqual([
      'timestamp',
      'boolean',
      'other',
    ])
  })
})
