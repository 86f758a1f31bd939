import { describe, expect, it } from 'vitest'
import {
  catalogType,
  createTableSql,
  loadConverter,
  normalizeValue,
  planLoad,
  quoteIdent,
  trimDecimal,
} from './sql'
import type { WarehouseColumn } from './warehouse'
import { WarehouseError } from './warehouse-errors'

const COLUMNS: WarehouseColumn[] = [
  { identifier: 'id', type: 'integer', required: true },
  { identifier: 'day', type: 'date', required: true },
  { identifier: 'amount', type: 'decimal', required: false },
]
const T = { schema: 'datasets', name: 'sales' }
const S = 'pg_temp.vitrina_stage'

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

describe('planLoad', () => {
  const insert = `INSERT INTO "datasets"."sales" ("id", "day", "amount", "_batch_id") SELECT "id", "day", "amount", $1 FROM ${S}`

  it('append inserts from the staging table with the batch id bound, never spliced', () => {
    expect(planLoad(T, S, COLUMNS, { kind: 'append' }, "b'1")).toEqual({
      checks: [],
      statements: [{ sql: insert, params: ["b'1"], count: null }],
    })
  })

  it('replace deletes all rows first', () => {
    expect(planLoad(T, S, COLUMNS, { kind: 'replace' }, 'b').statements.map((s) => s.sql)).toEqual([
      'DELETE FROM "datasets"."sales"',
      insert,
    ])
  })

  it('replace-period deletes the staged date range', () => {
    const plan = planLoad(T, S, COLUMNS, { kind: 'replace-period', dateColumn: 'day' }, 'b')
    expect(plan.statements[0]).toEqual({
      sql: `DELETE FROM "datasets"."sales" WHERE "day" >= (SELECT min("day") FROM ${S}) AND "day" <= (SELECT max("day") FROM ${S})`,
      params: [],
      count: 'deleted',
    })
  })

  it('upsert checks staged keys, deletes matching rows, inserts', () => {
    const plan = planLoad(T, S, COLUMNS, { kind: 'upsert', keyColumns: ['id', 'day'] }, 'b')
    expect(plan.checks.map((c) => [c.code, c.sql])).toEqual([
      ['WAREHOUSE_LOAD_NULL_KEY', `SELECT 1 FROM ${S} WHERE "id" IS NULL OR "day" IS NULL LIMIT 1`],
      ['WAREHOUSE_LOAD_DUPLICATE_KEY', `SELECT 1 FROM ${S} GROUP BY "id", "day" HAVING count(*) > 1 LIMIT 1`],
    ])
    expect(plan.statements.map((s) => [s.sql, s.count])).toEqual([
      [
        `DELETE FROM "datasets"."sales" t WHERE EXISTS (SELECT 1 FROM ${S} s WHERE s."id" = t."id" AND s."day" = t."day")`,
        'updated',
      ],
      [insert, null],
    ])
  })

  it('refuses modes naming columns that are not loaded or not dates', () => {
    const code = (mode: Parameters<typeof planLoad>[3]) => codeOf(() => planLoad(T, S, COLUMNS, mode, 'b'))
    expect(code({ kind: 'replace-period', dateColumn: 'nope' })).toBe('WAREHOUSE_INVALID_DEFINITION')
    expect(code({ kind: 'replace-period', dateColumn: 'amount' })).toBe('WAREHOUSE_INVALID_DEFINITION')
    expect(code({ kind: 'upsert', keyColumns: [] })).toBe('WAREHOUSE_INVALID_DEFINITION')
    expect(code({ kind: 'upsert', keyColumns: ['nope'] })).toBe('WAREHOUSE_INVALID_DEFINITION')
  })
})

describe('load converters', () => {
  const convert = (type: WarehouseColumn['type'], value: Parameters<ReturnType<typeof loadConverter>>[0]) =>
    loadConverter({ identifier: 'c', type, required: false })(value, 7)

  it('pass valid values as the text the engines cast from', () => {
    expect(convert('integer', 42)).toBe('42')
    expect(convert('integer', '-9007199254740993')).toBe('-9007199254740993')
    expect(convert('decimal', '-1234.56')).toBe('-1234.56')
    expect(convert('decimal', 1e-7)).toBe('0.0000001')
    expect(convert('date', '2024-02-29')).toBe('2024-02-29')
    expect(convert('timestamp', '2025-12-31 23:59:59.123456')).toBe('2025-12-31 23:59:59.123456')
    expect(convert('boolean', false)).toBe('false')
    expect(convert('text', 12.5)).toBe('12.5')
  })

  it('refuse what an engine would round or misread, naming row and column', () => {
    for (const [type, value] of [
      ['integer', 1.5],
      ['integer', '1.5'],
      ['decimal', '1.12345678901'],
      ['decimal', '1 234,56'],
      ['date', '31.12.2025'],
      ['date', '2025-02-29'],
      ['timestamp', '2025-12-31 24:00:00'],
      ['boolean', 'да'],
    ] as const) {
      expect(() => convert(type, value)).toThrow(/^Row 7, column c: /)
    }
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
