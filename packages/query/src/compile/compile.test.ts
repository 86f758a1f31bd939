import type { Catalog, Query } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { agg, asc, by, byAgg, calc, desc, expr, field } from '../testing/builders'
import { salesCatalog, salesQuery } from '../testing/fixtures'
import { compile } from './compile'

const catalog = salesCatalog()
const NOW = new Date('2024-05-15T09:00:00Z')
const sql = (query: Query, dialect: 'postgres' | 'duckdb' | 'mysql') =>
  compile(query, { dialect, catalog, now: NOW })

const monthlyByRegion = salesQuery({
  joins: [
    {
      alias: 'r',
      kind: 'left',
      table: { schema: 'public', name: 'regions' },
      on: { left: field('region'), right: 'code' },
    },
  ],
  filter: {
    kind: 'and',
    filters: [
      {
        kind: 'relative-date',
        field: field('sold_on'),
        direction: 'last',
        amount: 3,
        unit: 'month',
        includeCurrent: false,
      },
      { kind: 'contains', field: field('name', 'r'), value: '50%', caseSensitive: false },
    ],
  },
  breakouts: [by(field('sold_on'), 'month'), by(field('name', 'r'))],
  aggregations: [agg('sum', field('amount')), agg('count')],
  orderBy: [desc(byAgg(0))],
  limit: 10,
})

describe('compile: a summarized query with a join, filters, buckets, sort and limit', () => {
  it('PostgreSQL', () => {
    const compiled = sql(monthlyByRegion, 'postgres')
    expect(compiled.sql).toBe(
      [
        'SELECT',
        `  CAST(DATE_TRUNC('month', CAST("source"."sold_on" AS timestamp)) AS date) AS "sold_on",`,
        '  "r"."name" AS "r.name",',
        '  SUM("source"."amount") AS "sum_amount",',
        '  COUNT(*) AS "count"',
        'FROM "public"."sales" AS "source"',
        'LEFT JOIN "public"."regions" AS "r" ON "source"."region" = "r"."code"',
        `WHERE (("source"."sold_on" >= CAST($1 AS date) AND "source"."sold_on" < CAST($2 AS date)) AND LOWER("r"."name") LIKE LOWER(CAST($3 AS text)) ESCAPE '!')`,
        'GROUP BY 1, 2',
        'ORDER BY 3 DESC NULLS LAST',
        'LIMIT 10',
      ].join('\n'),
    )
    expect(compiled.params).toEqual(['2024-02-01', '2024-05-01', '%50!%%'])
    expect(compiled.columns).toEqual([
      { name: 'sold_on', type: 'date' },
      { name: 'r.name', type: 'text' },
      { name: 'sum_amount', type: 'decimal' },
      { name: 'count', type: 'integer' },
    ])
  })

  it('DuckDB', () => {
    const compiled = sql(monthlyByRegion, 'duckdb')
    expect(compiled.sql).toBe(
      [
        'SELECT',
        `  CAST(DATE_TRUNC('month', "source"."sold_on") AS DATE) AS "sold_on",`,
        '  "r"."name" AS "r.name",',
        '  SUM("source"."amount") AS "sum_amount",',
        '  COUNT(*) AS "count"',
        'FROM "public"."sales" AS "source"',
        'LEFT JOIN "public"."regions" AS "r" ON "source"."region" = "r"."code"',
        `WHERE (("source"."sold_on" >= CAST($1 AS DATE) AND "source"."sold_on" < CAST($2 AS DATE)) AND LOWER("r"."name") LIKE LOWER(CAST($3 AS VARCHAR)) ESCAPE '!')`,
        'GROUP BY 1, 2',
        'ORDER BY 3 DESC NULLS LAST',
        'LIMIT 10',
      ].join('\n'),
    )
    expect(compiled.params).toEqual(['2024-02-01', '2024-05-01', '%50!%%'])
  })

  it('MySQL', () => {
    const compiled = sql(monthlyByRegion, 'mysql')
    expect(compiled.sql).toBe(
      [
        'SELECT',
        "  CAST(DATE_FORMAT(`source`.`sold_on`, '%Y-%m-01') AS DATE) AS `sold_on`,",
        '  `r`.`name` AS `r.name`,',
        '  SUM(`source`.`amount`) AS `sum_amount`,',
        '  COUNT(*) AS `count`',
        'FROM `public`.`sales` AS `source`',
        'LEFT JOIN `public`.`regions` AS `r` ON `source`.`region` = `r`.`code`',
        "WHERE ((`source`.`sold_on` >= CAST(? AS DATE) AND `source`.`sold_on` < CAST(? AS DATE)) AND LOWER(`r`.`name`) LIKE LOWER(?) ESCAPE '!')",
        'GROUP BY 1, 2',
        'ORDER BY 3 DESC',
        'LIMIT 10',
      ].join('\n'),
    )
    expect(compiled.params).toEqual(['2024-02-01', '2024-05-01', '%50!%%'])
  })
})

describe('compile: date buckets per dialect (weeks start on Monday)', () => {
  const bucketed = salesQuery({
    breakouts: [
      by(field('sold_on'), 'day'),
      by(field('sold_on'), 'week'),
      by(field('sold_on'), 'quarter'),
      by(field('sold_on'), 'year'),
    ],
  })
  const selectList = (text: string) => text.split('\n').slice(1, 5).join('\n')

  it('PostgreSQL truncates through timestamp and casts back to date', () => {
    expect(selectList(sql(bucketed, 'postgres').sql)).toBe(
      [
        `  CAST(DATE_TRUNC('day', CAST("source"."sold_on" AS timestamp)) AS date) AS "sold_on",`,
        `  CAST(DATE_TRUNC('week', CAST("source"."sold_on" AS timestamp)) AS date) AS "sold_on_2",`,
        `  CAST(DATE_TRUNC('quarter', CAST("source"."sold_on" AS timestamp)) AS date) AS "sold_on_3",`,
        `  CAST(DATE_TRUNC('year', CAST("source"."sold_on" AS timestamp)) AS date) AS "sold_on_4"`,
      ].join('\n'),
    )
  })

  it('DuckDB uses DATE_TRUNC directly', () => {
    expect(selectList(sql(bucketed, 'duckdb').sql)).toBe(
      [
        `  CAST(DATE_TRUNC('day', "source"."sold_on") AS DATE) AS "sold_on",`,
        `  CAST(DATE_TRUNC('week', "source"."sold_on") AS DATE) AS "sold_on_2",`,
        `  CAST(DATE_TRUNC('quarter', "source"."sold_on") AS DATE) AS "sold_on_3",`,
        `  CAST(DATE_TRUNC('year', "source"."sold_on") AS DATE) AS "sold_on_4"`,
      ].join('\n'),
    )
  })

  it('MySQL builds the dates from WEEKDAY, MAKEDATE and QUARTER', () => {
    expect(selectList(sql(bucketed, 'mysql').sql)).toBe(
      [
        '  CAST(`source`.`sold_on` AS DATE) AS `sold_on`,',
        '  DATE_SUB(CAST(`source`.`sold_on` AS DATE), INTERVAL WEEKDAY(`source`.`sold_on`) DAY) AS `sold_on_2`,',
        '  MAKEDATE(YEAR(`source`.`sold_on`), 1) + INTERVAL (QUARTER(`source`.`sold_on`) - 1) QUARTER AS `sold_on_3`,',
        '  MAKEDATE(YEAR(`source`.`sold_on`), 1) AS `sold_on_4`',
      ].join('\n'),
    )
  })
})

describe('compile: calculated columns', () => {
  const calculated = salesQuery({
    expressions: [
      calc('price', 'round([amount] / [qty], 2)'),
      calc('label', 'concat([region], " ", weekday([sold_on]))'),
      calc('flag', 'if([region] = "msk", 1, 0)'),
    ],
    fields: [expr('price'), expr('label'), expr('flag')],
  })

  it('PostgreSQL types its literals and divides as floats', () => {
    const compiled = sql(calculated, 'postgres')
    expect(compiled.sql).toBe(
      [
        'SELECT',
        '  ROUND(CAST((CAST("source"."amount" AS double precision) / NULLIF("source"."qty", 0)) AS numeric), 2) AS "price",',
        `  CONCAT("source"."region", CAST($1 AS text), CAST(EXTRACT(ISODOW FROM "source"."sold_on") AS integer)) AS "label",`,
        '  CASE WHEN ("source"."region" = CAST($2 AS text)) THEN CAST($3 AS bigint) ELSE CAST($4 AS bigint) END AS "flag"',
        'FROM "public"."sales" AS "source"',
      ].join('\n'),
    )
    expect(compiled.params).toEqual([' ', 'msk', 1, 0])
    expect(compiled.columns.map((c) => c.type)).toEqual(['decimal', 'text', 'integer'])
  })

  it('DuckDB', () => {
    expect(sql(calculated, 'duckdb').sql).toBe(
      [
        'SELECT',
        '  ROUND(CAST((CAST("source"."amount" AS DOUBLE) / NULLIF("source"."qty", 0)) AS DECIMAL(38, 10)), 2) AS "price",',
        `  CONCAT("source"."region", CAST($1 AS VARCHAR), CAST(EXTRACT(ISODOW FROM "source"."sold_on") AS INTEGER)) AS "label",`,
        '  CASE WHEN ("source"."region" = CAST($2 AS VARCHAR)) THEN CAST($3 AS BIGINT) ELSE CAST($4 AS BIGINT) END AS "flag"',
        'FROM "public"."sales" AS "source"',
      ].join('\n'),
    )
  })

  it('MySQL concatenates with CONCAT_WS so NULL counts as empty', () => {
    expect(sql(calculated, 'mysql').sql).toBe(
      [
        'SELECT',
        '  ROUND(CAST((CAST(`source`.`amount` AS DOUBLE) / NULLIF(`source`.`qty`, 0)) AS DECIMAL(38, 10)), 2) AS `price`,',
        "  CONCAT_WS('', `source`.`region`, ?, (WEEKDAY(`source`.`sold_on`) + 1)) AS `label`,",
        '  CASE WHEN (`source`.`region` = ?) THEN CAST(? AS SIGNED) ELSE CAST(? AS SIGNED) END AS `flag`',
        'FROM `public`.`sales` AS `source`',
      ].join('\n'),
    )
  })
})

describe('compile: aggregations per dialect', () => {
  const stats = salesQuery({
    aggregations: [
      agg('avg', field('qty')),
      agg('median', field('amount')),
      agg('percentile', field('amount'), 0.9),
    ],
  })

  it('PostgreSQL uses PERCENTILE_CONT', () => {
    expect(sql(stats, 'postgres').sql).toBe(
      [
        'SELECT',
        '  AVG(CAST("source"."qty" AS double precision)) AS "avg_qty",',
        '  PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY CAST("source"."amount" AS double precision)) AS "median_amount",',
        '  PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY CAST("source"."amount" AS double precision)) AS "p90_amount"',
        'FROM "public"."sales" AS "source"',
      ].join('\n'),
    )
  })

  it('DuckDB uses MEDIAN and QUANTILE_CONT', () => {
    expect(sql(stats, 'duckdb').sql).toBe(
      [
        'SELECT',
        '  AVG(CAST("source"."qty" AS DOUBLE)) AS "avg_qty",',
        '  MEDIAN(CAST("source"."amount" AS DOUBLE)) AS "median_amount",',
        '  QUANTILE_CONT(CAST("source"."amount" AS DOUBLE), 0.9) AS "p90_amount"',
        'FROM "public"."sales" AS "source"',
      ].join('\n'),
    )
  })

  it('MySQL refuses median with QUERY_UNSUPPORTED_IN_DIALECT', () => {
    expect(() => sql(stats, 'mysql')).toThrow(
      expect.objectContaining({
        code: 'QUERY_UNSUPPORTED_IN_DIALECT',
        message: 'median is not supported by MySQL/MariaDB',
      }),
    )
  })

  it('counts distinct values and names aggregations uniquely', () => {
    const compiled = sql(
      salesQuery({ aggregations: [agg('count-distinct', field('region')), agg('count'), agg('count')] }),
      'postgres',
    )
    expect(compiled.sql.split('\n').slice(1, 4)).toEqual([
      '  COUNT(DISTINCT "source"."region") AS "count_distinct_region",',
      '  COUNT(*) AS "count",',
      '  COUNT(*) AS "count_2"',
    ])
  })
})

describe('compile: parameters', () => {
  const inner = salesQuery({
    filter: { kind: 'compare', op: '>', field: field('amount'), value: 1 },
    breakouts: [by(field('region'))],
    aggregations: [agg('sum', field('amount'))],
  })
  const outer: Query = {
    ...salesQuery(),
    source: { kind: 'question', id: 'q1' },
    filter: { kind: 'in', field: field('region'), values: ['msk', 'spb'] },
    orderBy: [asc(field('sum_amount'))],
  }
  const resolveQuestion = (id: string) => (id === 'q1' ? { kind: 'builder' as const, query: inner } : null)

  it('a saved question becomes a subquery; parameters are numbered in text order', () => {
    const compiled = compile(outer, { dialect: 'postgres', catalog, resolveQuestion })
    expect(compiled.sql).toBe(
      [
        'SELECT',
        '  "source"."region" AS "region",',
        '  "source"."sum_amount" AS "sum_amount"',
        'FROM (',
        '  SELECT',
        '    "source"."region" AS "region",',
        '    SUM("source"."amount") AS "sum_amount"',
        '  FROM "public"."sales" AS "source"',
        '  WHERE "source"."amount" > $1',
        '  GROUP BY 1',
        ') AS "source"',
        'WHERE "source"."region" IN ($2, $3)',
        'ORDER BY 2 ASC NULLS FIRST',
      ].join('\n'),
    )
    expect(compiled.params).toEqual([1, 'msk', 'spb'])
    expect(compile(outer, { dialect: 'mysql', catalog, resolveQuestion }).params).toEqual([1, 'msk', 'spb'])
  })

  it('a calculated column used twice reuses $n on PostgreSQL and repeats ? on MySQL', () => {
    const query = salesQuery({
      expressions: [calc('big', 'if([amount] > 100, "big", "small")')],
      fields: [field('id')],
      orderBy: [asc(expr('big'))],
      filter: { kind: 'compare', op: '=', field: expr('big'), value: 'big' },
    })
    const pg = compile(query, { dialect: 'postgres', catalog })
    expect(pg.sql).toContain(
      'WHERE CASE WHEN ("source"."amount" > CAST($1 AS numeric)) THEN CAST($2 AS text)',
    )
    expect(pg.sql).toContain(
      'ORDER BY CASE WHEN ("source"."amount" > CAST($1 AS numeric)) THEN CAST($2 AS text)',
    )
    expect(pg.params).toEqual([100, 'big', 'small', 'big'])
    const my = compile(query, { dialect: 'mysql', catalog })
    expect(my.params).toEqual([100, 'big', 'small', 'big', 100, 'big', 'small'])
  })

  it('quotes identifiers by doubling the quote character', () => {
    const odd: Catalog = {
      tables: [
        { schema: 'my"schema', name: 'we`ird', columns: [{ name: 'a"b`c', type: 'text' }], foreignKeys: [] },
      ],
    }
    const query = { ...salesQuery(), source: { kind: 'table' as const, schema: 'my"schema', name: 'we`ird' } }
    expect(compile(query, { dialect: 'postgres', catalog: odd }).sql).toBe(
      'SELECT\n  "source"."a""b`c" AS "a""b`c"\nFROM "my""schema"."we`ird" AS "source"',
    )
    expect(compile(query, { dialect: 'mysql', catalog: odd }).sql).toBe(
      'SELECT\n  `source`.`a"b``c` AS `a"b``c`\nFROM `my"schema`.`we``ird` AS `source`',
    )
  })
})
