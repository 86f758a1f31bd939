import type { SourceCatalog } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { expandFieldFilters, FieldFilterError } from './field-filters'

const catalog: SourceCatalog = {
  sourceId: 'warehouse',
  dialect: 'duckdb',
  syncedAt: null,
  tables: [
    {
      schema: 'main',
      name: 'sales',
      rowEstimate: null,
      foreignKeys: [],
      columns: [
        { name: 'region', type: 'text', nativeType: 'VARCHAR' },
        { name: 'amount', type: 'decimal', nativeType: 'DECIMAL(18,2)' },
      ],
    },
  ],
}
const region = {
  name: 'region',
  type: 'field-filter' as const,
  default: null,
  field: { schema: 'main', name: 'sales', column: 'region' },
}
const sql = 'select * from main.sales where {{region}} and amount > {{min}}'
const min = { name: 'min', type: 'number' as const, default: 0, field: null }

describe('field filters', () => {
  it('become a bound condition on the column when they have a value', () => {
    expect(expandFieldFilters(sql, [region, min], { region: 'Москва' }, catalog, 'duckdb')).toEqual({
      sql: 'select * from main.sales where "main"."sales"."region" = {{region}} and amount > {{min}}',
      variables: [
        { name: 'region', type: 'text', default: null },
        { name: 'min', type: 'number', default: 0 },
      ],
    })
  })

  it('switch off without a value, and quote for MySQL', () => {
    expect(expandFieldFilters(sql, [region, min], {}, catalog, 'duckdb').sql).toBe(
      'select * from main.sales where 1 = 1 and amount > {{min}}',
    )
    const priced = { ...region, name: 'price', field: { ...region.field, column: 'amount' }, default: 10 }
    expect(expandFieldFilters('where {{price}}', [priced], {}, catalog, 'mysql')).toEqual({
      sql: 'where `main`.`sales`.`amount` = {{price}}',
      variables: [{ name: 'price', type: 'number', default: 10 }],
    })
  })

  it('needs a known column', () => {
    expect(() => expandFieldFilters(sql, [{ ...region, field: null }], {}, catalog, 'duckdb')).toThrow(
      FieldFilterError,
    )
    const unknown = { ...region, field: { ...region.field, column: 'nope' } }
    expect(() => expandFieldFilters(sql, [unknown], {}, catalog, 'duckdb')).toThrow(FieldFilterError)
  })
})
