import type { SourceCatalogTable } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { detectForeignKeys, singular, uniqueKey } from './fk-detection'

const table = (
  schema: string,
  name: string,
  columns: [string, SourceCatalogTable['columns'][number]['type']][],
  foreignKeys: SourceCatalogTable['foreignKeys'] = [],
): SourceCatalogTable => ({
  schema,
  name,
  columns: columns.map(([n, type]) => ({ name: n, type, nativeType: type })),
  foreignKeys,
  rowEstimate: null,
})

describe('foreign keys detected by naming', () => {
  it('singularises English table names', () => {
    expect(
      ['orders', 'categories', 'boxes', 'branches', 'status', 'address', 'person'].map(singular),
    ).toEqual(['order', 'category', 'box', 'branch', 'status', 'address', 'person'])
  })

  it('links <table>_id and <singular>_id to a unique id of the same kind, never to itself', () => {
    const tables = [
      table('s', 'customers', [['id', 'integer']]),
      table('s', 'category', [['id', 'integer']]),
      table('s', 'notes', [['id', 'integer']]),
      table('s', 'codes', [['id', 'text']]),
      table('s', 'orders', [
        ['id', 'integer'],
        ['customer_id', 'integer'],
        ['category_id', 'decimal'],
        ['note_id', 'integer'],
        ['code_id', 'integer'],
        ['order_id', 'integer'],
      ]),
    ]
    const unique = new Set(['customers', 'category', 'codes', 'orders'].map((t) => uniqueKey('s', t, 'id')))
    const orders = detectForeignKeys(tables, unique).find((t) => t.name === 'orders')!
    expect(orders.foreignKeys).toEqual([
      { column: 'customer_id', references: { schema: 's', name: 'customers', column: 'id' }, detected: true },
      { column: 'category_id', references: { schema: 's', name: 'category', column: 'id' }, detected: true },
    ])
  })

  it('keeps declared keys, prefers the same schema and skips ambiguous matches', () => {
    const declared = {
      column: 'region_id',
      references: { schema: 'a', name: 'zones', column: 'code' },
      detected: false,
    }
    const tables = [
      table('a', 'regions', [['id', 'integer']]),
      table('b', 'regions', [['id', 'integer']]),
      table('b', 'users', [['id', 'integer']]),
      table('c', 'users', [['id', 'integer']]),
      table(
        'a',
        'sales',
        [
          ['region_id', 'integer'],
          ['user_id', 'integer'],
        ],
        [declared],
      ),
      table('b', 'visits', [['region_id', 'integer']]),
    ]
    const unique = new Set(tables.map((t) => uniqueKey(t.schema, t.name, 'id')))
    const out = detectForeignKeys(tables, unique)
    expect(out.find((t) => t.name === 'sales')!.foreignKeys).toEqual([declared])
    expect(out.find((t) => t.name === 'visits')!.foreignKeys).toEqual([
      { column: 'region_id', references: { schema: 'b', name: 'regions', column: 'id' }, detected: true },
    ])
  })
})
