import { describe, expect, it } from 'vitest'
import { compiledToNative } from './convert-to-sql'

describe('compiledToNative', () => {
  it('turns $n placeholders into typed variables with the bound values as defaults', () => {
    const native = compiledToNative({
      sql: `SELECT "region", sum("amount") FROM "main"."sales" WHERE "day" >= CAST($1 AS DATE) AND "note" <> '$2?' AND "amount" > $2 GROUP BY 1`,
      params: ['2026-01-01', 100],
    })
    expect(native.sql).toBe(
      `SELECT "region", sum("amount") FROM "main"."sales" WHERE "day" >= CAST({{p1}} AS DATE) AND "note" <> '$2?' AND "amount" > {{p2}} GROUP BY 1`,
    )
    expect(native.variables).toEqual([
      { name: 'p1', type: 'date', default: '2026-01-01', field: null },
      { name: 'p2', type: 'number', default: 100, field: null },
    ])
  })

  it('numbers MySQL ? placeholders in order and skips quoted identifiers', () => {
    const native = compiledToNative({
      sql: 'SELECT `a?` FROM t WHERE x = ? AND y IN (?, ?)',
      params: ['msk', 1, 2],
    })
    expect(native.sql).toBe('SELECT `a?` FROM t WHERE x = {{p1}} AND y IN ({{p2}}, {{p3}})')
    expect(native.variables.map((v) => v.default)).toEqual(['msk', 1, 2])
  })
})
