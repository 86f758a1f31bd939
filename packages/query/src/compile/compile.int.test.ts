import type { Query } from '@vitrina/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { QueryError } from '../errors'
import { agg, asc, by, byAgg, byBreakout, calc, desc, expr, field } from '../testing/builders'
import { createEngine, DIALECTS, normalizeRows, type TestEngine } from '../testing/engines'
import { salesCatalog, salesQuery } from '../testing/fixtures'
import { compile, type SourceQuestion } from './compile'

const NOW = new Date('2024-05-15T09:00:00Z')
const regionsJoin = (kind: 'left' | 'inner', schema: string): Query['joins'][number] => ({
  alias: 'r',
  kind,
  table: { schema, name: 'regions' },
  on: { left: field('region'), right: 'code' },
})

/** One case: a query (built for the engine's schema) and the rows every engine must return. */
interface Case {
  name: string
  query: (schema: string) => Query
  rows: unknown[][]
  /** Dialects that must refuse the query with this code instead. */
  refusedBy?: { dialect: 'mysql'; code: string }
}

const CASES: Case[] = [
  {
    name: 'count and sum by region, NULLs first ascending',
    query: (s) =>
      salesQuery(
        {
          breakouts: [by(field('region'))],
          aggregations: [agg('count'), agg('sum', field('amount'))],
          orderBy: [asc(byBreakout(0))],
        },
        s,
      ),
    rows: [
      [null, 1, 20],
      ['', 1, 5.5],
      ['kzn', 1, 300],
      ['msk', 4, 410.49],
      ['spb', 3, 167.25],
    ],
  },
  {
    name: 'sum by month with a date filter',
    query: (s) =>
      salesQuery(
        {
          filter: { kind: 'compare', op: '>=', field: field('sold_on'), value: '2024-01-01' },
          breakouts: [by(field('sold_on'), 'month')],
          aggregations: [agg('sum', field('qty'))],
          orderBy: [asc(byBreakout(0))],
        },
        s,
      ),
    rows: [
      ['2024-01-01', 2],
      ['2024-02-01', 5],
      ['2024-03-01', 3],
      ['2024-04-01', 5],
      ['2024-05-01', 3],
    ],
  },
  {
    name: 'weeks start on Monday',
    query: (s) =>
      salesQuery(
        {
          filter: { kind: 'between', field: field('sold_on'), min: '2024-03-01', max: '2024-03-31' },
          breakouts: [by(field('sold_on'), 'week')],
          aggregations: [agg('count')],
        },
        s,
      ),
    rows: [['2024-03-04', 2]],
  },
  {
    name: 'quarter and year buckets',
    query: (s) =>
      salesQuery(
        {
          breakouts: [by(field('sold_on'), 'year'), by(field('sold_on'), 'quarter')],
          aggregations: [agg('count')],
          orderBy: [asc(byBreakout(1))],
        },
        s,
      ),
    rows: [
      ['2023-01-01', '2023-10-01', 1],
      ['2024-01-01', '2024-01-01', 5],
      ['2024-01-01', '2024-04-01', 4],
    ],
  },
  {
    name: 'timestamp column: day bucket, relative period and weekday',
    query: (s) =>
      salesQuery(
        {
          expressions: [calc('wd', 'weekday([created_at])')],
          filter: { kind: 'period', field: field('created_at'), which: 'this', unit: 'month' },
          breakouts: [by(field('created_at'), 'day'), by(expr('wd'))],
          aggregations: [agg('max', field('created_at'))],
          orderBy: [asc(byBreakout(0))],
        },
        s,
      ),
    rows: [
      ['2024-05-02', 4, '2024-05-02 23:30:00'],
      ['2024-05-14', 2, '2024-05-14 23:30:00'],
    ],
  },
  {
    name: 'inner join on the foreign key, sorted by the sum',
    query: (s) =>
      salesQuery(
        {
          joins: [regionsJoin('inner', s)],
          breakouts: [by(field('name', 'r'))],
          aggregations: [agg('sum', field('amount'))],
          orderBy: [desc(byAgg(0))],
        },
        s,
      ),
    rows: [
      ['Москва', 410.49],
      ['Казань', 300],
      ['Санкт-Петербург', 167.25],
    ],
  },
  {
    name: 'left join keeps unmatched rows; case-insensitive contains on Cyrillic',
    query: (s) =>
      salesQuery(
        {
          joins: [regionsJoin('left', s)],
          fields: [field('id'), field('manager', 'r')],
          filter: {
            kind: 'or',
            filters: [
              { kind: 'contains', field: field('name', 'r'), value: 'МОСК', caseSensitive: false },
              { kind: 'is-null', field: field('region') },
            ],
          },
          orderBy: [asc(field('id'))],
        },
        s,
      ),
    rows: [
      [1, 'Иванов'],
      [2, 'Иванов'],
      [6, 'Иванов'],
      [7, null],
      [10, 'Иванов'],
    ],
  },
  {
    name: 'in-list and between',
    query: (s) =>
      salesQuery(
        {
          fields: [field('id')],
          filter: {
            kind: 'and',
            filters: [
              { kind: 'in', field: field('region'), values: ['msk', 'spb'] },
              { kind: 'between', field: field('qty'), min: 2, max: 4 },
            ],
          },
          orderBy: [asc(field('id'))],
        },
        s,
      ),
    rows: [[1], [2], [4], [9]],
  },
  {
    name: 'not in, starts-with (case-sensitive), ends-with',
    query: (s) =>
      salesQuery(
        {
          fields: [field('id')],
          filter: {
            kind: 'or',
            filters: [
              {
                kind: 'and',
                filters: [
                  { kind: 'not-in', field: field('region'), values: ['msk', 'spb', ''] },
                  { kind: 'starts-with', field: field('region'), value: 'kz', caseSensitive: true },
                ],
              },
              { kind: 'starts-with', field: field('region'), value: 'MS', caseSensitive: true },
              { kind: 'ends-with', field: field('region'), value: 'PB', caseSensitive: false },
            ],
          },
          orderBy: [asc(field('id'))],
        },
        s,
      ),
    rows: [[3], [4], [5], [9]],
  },
  {
    name: 'LIKE wildcards in the value are literal',
    query: (s) =>
      salesQuery(
        {
          aggregations: [agg('count')],
          filter: { kind: 'contains', field: field('region'), value: '%', caseSensitive: false },
        },
        s,
      ),
    rows: [[0]],
  },
  {
    name: 'is empty / not empty / is null',
    query: (s) =>
      salesQuery(
        {
          fields: [field('id')],
          filter: {
            kind: 'or',
            filters: [
              { kind: 'is-empty', field: field('region') },
              { kind: 'is-null', field: field('qty') },
              { kind: 'not', filter: { kind: 'not-empty', field: field('region') } },
            ],
          },
          orderBy: [asc(field('id'))],
        },
        s,
      ),
    rows: [[7], [8]],
  },
  ...(
    [
      [
        'last 3 months',
        { kind: 'relative-date', direction: 'last', amount: 3, unit: 'month', includeCurrent: false },
        6,
      ],
      [
        'last 30 days',
        { kind: 'relative-date', direction: 'last', amount: 30, unit: 'day', includeCurrent: false },
        3,
      ],
      [
        'next 2 years with the current one',
        { kind: 'relative-date', direction: 'next', amount: 2, unit: 'year', includeCurrent: true },
        9,
      ],
      ['this week', { kind: 'period', which: 'this', unit: 'week' }, 1],
      ['this month', { kind: 'period', which: 'this', unit: 'month' }, 2],
      ['previous quarter', { kind: 'period', which: 'previous', unit: 'quarter' }, 5],
      ['previous year', { kind: 'period', which: 'previous', unit: 'year' }, 1],
    ] as const
  ).map(
    ([name, filter, count]): Case => ({
      name: `relative date: ${name}`,
      query: (s) =>
        salesQuery({ aggregations: [agg('count')], filter: { ...filter, field: field('sold_on') } }, s),
      rows: [[count]],
    }),
  ),
  {
    name: 'calculated columns: null-safe division and round',
    query: (s) =>
      salesQuery(
        {
          expressions: [calc('price', 'round([amount] / [qty], 2)')],
          fields: [field('id'), expr('price')],
          orderBy: [asc(field('id'))],
          limit: 5,
        },
        s,
      ),
    rows: [
      [1, 50.25],
      [2, 50],
      [3, 50.25],
      [4, 25],
      [5, null],
    ],
  },
  {
    name: 'calculated columns: concat, if, case, coalesce, date parts, abs, arithmetic',
    query: (s) =>
      salesQuery(
        {
          expressions: [
            calc('label', 'concat(upper([region]), "-", year([sold_on]))'),
            calc('wd', 'weekday([sold_on])'),
            calc('q', 'coalesce([qty], -1)'),
            calc('size', 'if([amount] > 100, "big", "small")'),
            calc('bucket', 'case([qty] > 3, "many", [qty] > 0, "some", "none")'),
            calc('parts', 'quarter([sold_on]) * 100 + month([sold_on]) * 10 + day([sold_on])'),
            calc('calc', 'abs([q] - 5) + [amount] * 2'),
          ],
          fields: [
            field('id'),
            expr('label'),
            expr('wd'),
            expr('q'),
            expr('size'),
            expr('bucket'),
            expr('parts'),
            expr('calc'),
          ],
          filter: { kind: 'in', field: field('id'), values: [5, 7] },
          orderBy: [asc(field('id'))],
        },
        s,
      ),
    rows: [
      [5, 'KZN-2024', 7, 0, 'big', 'none', 140, 605],
      [7, '-2024', 6, -1, 'small', 'none', 260, 46],
    ],
  },
  {
    name: 'a date literal in an expression compares as a date',
    query: (s) =>
      salesQuery(
        {
          expressions: [calc('recent', 'if([sold_on] >= "2024-05-01", 1, 0)')],
          aggregations: [agg('sum', expr('recent'))],
        },
        s,
      ),
    rows: [[2]],
  },
  {
    name: 'aggregating a calculated column',
    query: (s) =>
      salesQuery(
        {
          expressions: [calc('moscow', 'if([region] = "msk", [amount], 0)')],
          aggregations: [agg('sum', expr('moscow'))],
        },
        s,
      ),
    rows: [[410.49]],
  },
  {
    name: 'count distinct, avg, min, max',
    query: (s) =>
      salesQuery(
        {
          aggregations: [
            agg('count-distinct', field('region')),
            agg('avg', field('qty')),
            agg('min', field('sold_on')),
            agg('max', field('amount')),
          ],
        },
        s,
      ),
    rows: [[4, 2.111111, '2023-12-31', 300]],
  },
  {
    name: 'median and percentile',
    query: (s) =>
      salesQuery(
        { aggregations: [agg('median', field('amount')), agg('percentile', field('amount'), 0.9)] },
        s,
      ),
    rows: [[62.625, 210]],
    refusedBy: { dialect: 'mysql', code: 'QUERY_UNSUPPORTED_IN_DIALECT' },
  },
  {
    name: 'sort by an aggregation, then a breakout, with a limit',
    query: (s) =>
      salesQuery(
        {
          breakouts: [by(field('region'))],
          aggregations: [agg('count')],
          orderBy: [desc(byAgg(0)), asc(byBreakout(0))],
          limit: 2,
        },
        s,
      ),
    rows: [
      ['msk', 4],
      ['spb', 3],
    ],
  },
  {
    name: 'NULLs last descending',
    query: (s) =>
      salesQuery(
        { fields: [field('region'), field('id')], orderBy: [desc(field('region')), asc(field('id'))] },
        s,
      ),
    rows: [
      ['spb', 3],
      ['spb', 4],
      ['spb', 9],
      ['msk', 1],
      ['msk', 2],
      ['msk', 6],
      ['msk', 10],
      ['kzn', 5],
      ['', 8],
      [null, 7],
    ],
  },
]

for (const dialect of DIALECTS) {
  describe(`compiled queries return the same rows on ${dialect}`, () => {
    let engine: TestEngine

    beforeAll(async () => {
      engine = await createEngine(dialect)
    })
    afterAll(async () => {
      await engine?.close()
    })

    const run = async (query: Query, resolveQuestion?: (id: string) => SourceQuestion | null) => {
      const compiled = compile(query, {
        dialect,
        catalog: salesCatalog(engine.schema),
        now: NOW,
        resolveQuestion,
      })
      return normalizeRows(await engine.query(compiled.sql, compiled.params), compiled.columns)
    }

    for (const c of CASES) {
      it(c.name, async () => {
        if (c.refusedBy?.dialect === dialect) {
          expect(() =>
            compile(c.query(engine.schema), { dialect, catalog: salesCatalog(engine.schema), now: NOW }),
          ).toThrow(expect.objectContaining({ code: c.refusedBy.code }))
          return
        }
        expect(await run(c.query(engine.schema))).toEqual(c.rows)
      })
    }

    it('a saved question as the source, with parameters inside and outside', async () => {
      const inner = salesQuery(
        {
          filter: { kind: 'compare', op: '>', field: field('amount'), value: 1 },
          breakouts: [by(field('region'))],
          aggregations: [agg('sum', field('amount'))],
        },
        engine.schema,
      )
      const outer: Query = {
        ...salesQuery(),
        source: { kind: 'question', id: 'q1' },
        filter: { kind: 'compare', op: '>', field: field('sum_amount'), value: 100 },
        orderBy: [asc(field('region'))],
      }
      expect(await run(outer, (id) => (id === 'q1' ? { kind: 'builder', query: inner } : null))).toEqual([
        ['kzn', 300],
        ['msk', 410.49],
        ['spb', 167.25],
      ])
    })

    it('a saved SQL question as the source: its variables bound, its columns as given', async () => {
      const q = (name: string) => (dialect === 'mysql' ? `\`${name}\`` : `"${name}"`)
      const native: SourceQuestion = {
        kind: 'native',
        sql: `SELECT region, amount FROM ${q(engine.schema)}.${q('sales')} WHERE qty >= {{min_qty}} [[AND region = {{region}}]];  -- note`,
        variables: [
          { name: 'min_qty', type: 'number', default: 1, field: null },
          { name: 'region', type: 'text', default: null, field: null },
        ],
        values: { min_qty: 2 },
        columns: [
          { name: 'region', type: 'text' },
          { name: 'amount', type: 'decimal' },
        ],
      }
      const outer: Query = {
        ...salesQuery(),
        source: { kind: 'question', id: 'sql1' },
        filter: { kind: 'compare', op: '>', field: field('amount'), value: 50 },
        breakouts: [by(field('region'))],
        aggregations: [agg('sum', field('amount'))],
        orderBy: [asc(byBreakout(0))],
      }
      const resolve = (values: Record<string, unknown>) => (id: string) =>
        id === 'sql1' ? { ...native, values } : null
      expect(await run(outer, resolve({ min_qty: 2 }))).toEqual([
        ['msk', 300.5],
        ['spb', 75],
      ])
      expect(await run(outer, resolve({ min_qty: 2, region: 'spb' }))).toEqual([['spb', 75]])
      expect(() =>
        compile(outer, {
          dialect,
          catalog: salesCatalog(engine.schema),
          resolveQuestion: () => ({ ...native, sql: 'DELETE FROM sales' }),
        }),
      ).toThrow(expect.objectContaining({ code: 'SQL_WRITE_REFUSED' }))
    })

    it('runs inside a read-only transaction', async () => {
      const compiled = compile(salesQuery({ aggregations: [agg('count')] }, engine.schema), {
        dialect,
        catalog: salesCatalog(engine.schema),
      })
      expect(
        normalizeRows(await engine.queryReadOnly(compiled.sql, compiled.params), compiled.columns),
      ).toEqual([[10]])
    })
  })
}

describe('compile errors', () => {
  it('names an unknown table', () => {
    const query = salesQuery({}, 'nope')
    expect(() => compile(query, { dialect: 'postgres', catalog: salesCatalog() })).toThrow(QueryError)
  })
})
