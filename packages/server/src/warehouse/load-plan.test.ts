import { describe, expect, it } from 'vitest'
import { planLoad } from './load-plan'
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
