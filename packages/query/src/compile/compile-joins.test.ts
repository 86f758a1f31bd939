import type { Catalog } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { agg, by, field } from '../testing/builders'
import { salesCatalog, salesQuery } from '../testing/fixtures'
import { compile } from './compile'

const base = salesCatalog()
/** sales.region -> regions.code, and a detected key regions.manager -> managers.login. */
const catalog: Catalog = {
  tables: [
    ...base.tables.map((t) =>
      t.name === 'regions'
        ? {
            ...t,
            foreignKeys: [
              {
                column: 'manager',
                references: { schema: 'public', name: 'managers', column: 'login' },
                detected: true,
              },
            ],
          }
        : t,
    ),
    {
      schema: 'public',
      name: 'managers',
      columns: [
        { name: 'login', type: 'text' },
        { name: 'phone', type: 'text' },
      ],
      foreignKeys: [],
    },
  ],
}
const regions = { schema: 'public', name: 'regions' }
const managers = { schema: 'public', name: 'managers' }

describe('compile: joins', () => {
  it('chains a join on an earlier join through a detected foreign key', () => {
    const compiled = compile(
      salesQuery({
        joins: [
          { alias: 'r', kind: 'left', table: regions, on: { left: field('region'), right: 'code' } },
          { alias: 'm', kind: 'inner', table: managers, on: { left: field('manager', 'r'), right: 'login' } },
        ],
        breakouts: [by(field('phone', 'm'))],
        aggregations: [agg('count')],
      }),
      { dialect: 'duckdb', catalog },
    )
    expect(compiled.sql).toBe(
      [
        'SELECT',
        '  "m"."phone" AS "m.phone",',
        '  COUNT(*) AS "count"',
        'FROM "public"."sales" AS "source"',
        'LEFT JOIN "public"."regions" AS "r" ON "source"."region" = "r"."code"',
        'INNER JOIN "public"."managers" AS "m" ON "r"."manager" = "m"."login"',
        'GROUP BY 1',
      ].join('\n'),
    )
  })

  it('a foreign key is accepted in either direction', () => {
    const fromRegions = {
      ...salesQuery(),
      source: { kind: 'table' as const, ...regions },
      joins: [
        {
          alias: 's',
          kind: 'inner' as const,
          table: { schema: 'public', name: 'sales' },
          on: { left: field('code'), right: 'region' },
        },
      ],
      fields: [field('name'), field('amount', 's')],
    }
    expect(compile(fromRegions, { dialect: 'mysql', catalog }).sql).toBe(
      [
        'SELECT',
        '  `source`.`name` AS `name`,',
        '  `s`.`amount` AS `s.amount`',
        'FROM `public`.`regions` AS `source`',
        'INNER JOIN `public`.`sales` AS `s` ON `source`.`code` = `s`.`region`',
      ].join('\n'),
    )
  })

  it('a raw query without fields lists source, join and calculated columns', () => {
    const compiled = compile(
      salesQuery({
        joins: [{ alias: 'r', kind: 'left', table: regions, on: { left: field('region'), right: 'code' } }],
        expressions: [
          {
            name: 'double',
            expression: {
              kind: 'arithmetic',
              op: '*',
              left: field('qty'),
              right: { kind: 'literal', value: 2 },
            },
          },
        ],
      }),
      { dialect: 'postgres', catalog },
    )
    expect(compiled.columns.map((c) => c.name)).toEqual([
      'id',
      'region',
      'sold_on',
      'amount',
      'qty',
      'created_at',
      'r.code',
      'r.name',
      'r.manager',
      'double',
    ])
    expect(compiled.sql.split('\n')[10]).toBe('  ("source"."qty" * CAST($1 AS bigint)) AS "double"')
  })
})
