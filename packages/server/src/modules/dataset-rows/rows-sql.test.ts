import type { DatasetColumn } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { RowsSql } from './rows-sql'

const columns: DatasetColumn[] = [
  { displayName: 'Город', identifier: 'gorod', type: 'text', required: true, enumValues: null },
  { displayName: 'Сумма', identifier: 'summa', type: 'decimal', required: false, enumValues: null },
  { displayName: 'Дата', identifier: 'data', type: 'date', required: false, enumValues: null },
]
const table = { schema: 'datasets', name: 'prodazhi' }

describe('RowsSql', () => {
  it('binds every value, cast to the column type, and parses Russian input', () => {
    const s = new RowsSql('postgres', table, columns)
    const where = s.where({
      filters: [
        { column: 'summa', op: 'gte', value: '1 234,5', values: [] },
        { column: 'data', op: 'lt', value: '31.12.2025', values: [] },
        { column: 'gorod', op: 'contains', value: '50%_', values: [] },
      ],
      search: '',
      batchId: null,
    })
    expect(where).toBe(
      ` WHERE "summa" >= CAST($1 AS numeric(38,10)) AND "data" < CAST($2 AS date) AND CAST("gorod" AS TEXT) ILIKE $3 ESCAPE '\\'`,
    )
    expect(s.compile('').params).toEqual(['1234.5', '2025-12-31', '%50\\%\\_%'])
  })

  it('guards a write by row id and the values the client saw, per dialect', () => {
    const duck = new RowsSql('duckdb', table, columns)
    expect(duck.guard('42', { gorod: 'Москва', summa: null })).toBe(
      `rowid = CAST($1 AS BIGINT) AND "gorod" IS NOT DISTINCT FROM CAST($2 AS VARCHAR) AND "summa" IS NULL`,
    )
    const pg = new RowsSql('postgres', table, columns)
    expect(pg.guard('(0,1); drop table x', {})).toBe('ctid = CAST($1 AS tid)')
    expect(pg.compile('').params).toEqual(['(0,0)'])
  })

  it('refuses unknown columns and values that do not parse', () => {
    const s = new RowsSql('duckdb', table, columns)
    expect(() => s.orderBy([{ column: 'nope', direction: 'asc' }])).toThrow(/no column "nope"/)
    expect(() =>
      s.where({
        filters: [{ column: 'summa', op: 'eq', value: 'abc', values: [] }],
        search: '',
        batchId: null,
      }),
    ).toThrow(/not a valid decimal/)
  })

  it('searches every column as text and orders stably', () => {
    const s = new RowsSql('duckdb', table, columns)
    expect(s.where({ filters: [], search: 'моск', batchId: 'b1' })).toBe(
      ` WHERE (CAST("gorod" AS TEXT) ILIKE $1 ESCAPE '\\' OR CAST("summa" AS TEXT) ILIKE $1 ESCAPE '\\' OR CAST("data" AS TEXT) ILIKE $1 ESCAPE '\\') AND "_batch_id" = $2`,
    )
    expect(s.orderBy([{ column: 'summa', direction: 'desc' }])).toBe(
      ' ORDER BY "summa" DESC NULLS LAST, rowid',
    )
  })

  it('a linked table or view has no row id or batch: NULLs in the select list, every column orders pages', () => {
    const s = new RowsSql('postgres', { schema: 'vault', name: 'mart_balances' }, columns, false)
    expect(s.selectList()).toBe('NULL AS "_row_id", NULL AS "_batch_id", "gorod", "summa", "data"')
    expect(s.where({ filters: [], search: '', batchId: 'b1' })).toBe('')
    expect(
      s.orderBy([
        { column: '_batch_id', direction: 'asc' },
        { column: 'summa', direction: 'desc' },
      ]),
    ).toBe(' ORDER BY "summa" DESC NULLS LAST, "gorod" NULLS LAST, "summa" NULLS LAST, "data" NULLS LAST')
    expect(s.from).toBe('"vault"."mart_balances"')
  })
})
