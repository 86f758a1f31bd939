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
const H = '"datasets_history"."sales"'
const NAMES = '"id", "day", "amount", "_batch_id"'

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

  it('append inserts from the staging table with the batch id bound, never spliced, and keeps no history', () => {
    expect(planLoad('postgres', T, S, COLUMNS, { kind: 'append' }, "b'1")).toEqual({
      setup: [],
      checks: [],
      statements: [{ sql: insert, params: ["b'1"], count: null }],
      replacedCounts: null,
    })
  })

  it('replace on PostgreSQL deletes every row into the history table in one statement', () => {
    const plan = planLoad('postgres', T, S, COLUMNS, { kind: 'replace' }, 'b')
    expect(plan.statements).toEqual([
      {
        sql: `WITH gone AS (DELETE FROM "datasets"."sales" t RETURNING ${NAMES}) INSERT INTO ${H} (${NAMES}, "_replaced_by") SELECT ${NAMES}, $1 FROM gone`,
        params: ['b'],
        count: 'deleted',
      },
      { sql: insert, params: ['b'], count: null },
    ])
    expect(plan.replacedCounts).toEqual({
      sql: `SELECT "_batch_id", count(*) FROM ${H} WHERE "_replaced_by" = $1 GROUP BY "_batch_id"`,
      params: ['b'],
    })
    expect(plan.setup).toContain(
      `CREATE TABLE IF NOT EXISTS ${H} ("id" bigint, "day" date, "amount" numeric(38,10), "_batch_id" text, "_replaced_by" text NOT NULL)`,
    )
  })

  it('replace on DuckDB copies the rows into history, then deletes them, counting the delete', () => {
    const plan = planLoad('duckdb', T, S, COLUMNS, { kind: 'replace' }, 'b')
    expect(plan.statements.map((s) => [s.sql, s.params, s.count])).toEqual([
      [
        `INSERT INTO ${H} (${NAMES}, "_replaced_by") SELECT ${NAMES}, $1 FROM "datasets"."sales" t`,
        ['b'],
        null,
      ],
      ['DELETE FROM "datasets"."sales" t', [], 'deleted'],
      [insert, ['b'], null],
    ])
    // No ART index on DuckDB: it would cost every load memory.
    expect(plan.setup.some((s) => s.includes('INDEX'))).toBe(false)
  })

  it('replace-period keeps and deletes the staged date range', () => {
    const plan = planLoad('duckdb', T, S, COLUMNS, { kind: 'replace-period', dateColumn: 'day' }, 'b')
    expect(plan.statements[1]).toEqual({
      sql: `DELETE FROM "datasets"."sales" t WHERE t."day" >= (SELECT min("day") FROM ${S}) AND t."day" <= (SELECT max("day") FROM ${S})`,
      params: [],
      count: 'deleted',
    })
    expect(plan.statements[0]?.sql).toContain(`FROM "datasets"."sales" t WHERE t."day" >= (SELECT min("day")`)
  })

  it('upsert checks staged keys, keeps and deletes matching rows, inserts', () => {
    const plan = planLoad('postgres', T, S, COLUMNS, { kind: 'upsert', keyColumns: ['id', 'day'] }, 'b')
    expect(plan.checks.map((c) => [c.code, c.sql])).toEqual([
      ['WAREHOUSE_LOAD_NULL_KEY', `SELECT 1 FROM ${S} WHERE "id" IS NULL OR "day" IS NULL LIMIT 1`],
      ['WAREHOUSE_LOAD_DUPLICATE_KEY', `SELECT 1 FROM ${S} GROUP BY "id", "day" HAVING count(*) > 1 LIMIT 1`],
    ])
    expect(plan.statements.map((s) => [s.sql, s.count])).toEqual([
      [
        `WITH gone AS (DELETE FROM "datasets"."sales" t WHERE EXISTS (SELECT 1 FROM ${S} s WHERE s."id" = t."id" AND s."day" = t."day") RETURNING ${NAMES}) INSERT INTO ${H} (${NAMES}, "_replaced_by") SELECT ${NAMES}, $1 FROM gone`,
        'updated',
      ],
      [insert, null],
    ])
  })

  it('refuses modes naming columns that are not loaded or not dates', () => {
    const code = (mode: Parameters<typeof planLoad>[4]) =>
      codeOf(() => planLoad('duckdb', T, S, COLUMNS, mode, 'b'))
    expect(code({ kind: 'replace-period', dateColumn: 'nope' })).toBe('WAREHOUSE_INVALID_DEFINITION')
    expect(code({ kind: 'replace-period', dateColumn: 'amount' })).toBe('WAREHOUSE_INVALID_DEFINITION')
    expect(code({ kind: 'upsert', keyColumns: [] })).toBe('WAREHOUSE_INVALID_DEFINITION')
    expect(code({ kind: 'upsert', keyColumns: ['nope'] })).toBe('WAREHOUSE_INVALID_DEFINITION')
  })
})
