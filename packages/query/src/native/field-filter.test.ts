import type { NativeVariable } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { salesCatalog } from '../testing/fixtures'
import { renderNativeSql } from './variables'

const filter = (name: string, column: string, def: string | number | null = null): NativeVariable => ({
  name,
  type: 'field-filter',
  default: def,
  field: { schema: 'public', name: 'sales', column },
})
const variables = [
  filter('region', 'region'),
  filter('qty', 'qty'),
  filter('sold', 'sold_on'),
  filter('at', 'created_at'),
]
const render = (
  sql: string,
  values: Record<string, unknown>,
  dialect: 'postgres' | 'mysql' | 'duckdb' = 'postgres',
) => renderNativeSql(sql, { dialect, variables, values, catalog: salesCatalog() })

describe('field filters', () => {
  it('without a value become 1 = 1, with one a quoted column compared to a bound value', () => {
    expect(render('SELECT * FROM public.sales WHERE {{region}}', {})).toEqual({
      sql: 'SELECT * FROM public.sales WHERE 1 = 1',
      params: [],
    })
    expect(
      render('SELECT * FROM public.sales WHERE {{region}} AND {{qty}}', { region: 'msk', qty: '2' }),
    ).toEqual({
      sql: 'SELECT * FROM public.sales WHERE "public"."sales"."region" = $1 AND "public"."sales"."qty" = $2',
      params: ['msk', 2],
    })
    expect(render('SELECT 1 WHERE {{region}}', { region: 'msk' }, 'mysql')).toEqual({
      sql: 'SELECT 1 WHERE `public`.`sales`.`region` = ?',
      params: ['msk'],
    })
  })

  it('a list becomes IN and a range BETWEEN, >= or <=, every value bound', () => {
    expect(render('WHERE {{region}}', { region: ['msk', 'spb'] })).toEqual({
      sql: 'WHERE "public"."sales"."region" IN ($1, $2)',
      params: ['msk', 'spb'],
    })
    expect(render('WHERE {{sold}}', { sold: { from: '2024-01-01', to: '2024-02-29' } })).toEqual({
      sql: 'WHERE "public"."sales"."sold_on" BETWEEN CAST($1 AS date) AND CAST($2 AS date)',
      params: ['2024-01-01', '2024-02-29'],
    })
    expect(render('WHERE {{qty}}', { qty: { from: 2, to: null } })).toEqual({
      sql: 'WHERE "public"."sales"."qty" >= $1',
      params: [2],
    })
    expect(render('WHERE {{qty}}', { qty: { from: '', to: 3 } }, 'duckdb')).toEqual({
      sql: 'WHERE "public"."sales"."qty" <= $1',
      params: [3],
    })
    expect(render('WHERE {{qty}}', { qty: { from: null, to: null } })).toEqual({
      sql: 'WHERE 1 = 1',
      params: [],
    })
    expect(render('WHERE {{qty}}', { qty: [] })).toEqual({ sql: 'WHERE 1 = 1', params: [] })
  })

  it('a date on a timestamp column means the whole day, the end day included', () => {
    expect(render('WHERE {{at}}', { at: '2024-01-15' })).toEqual({
      sql: 'WHERE CAST("public"."sales"."created_at" AS date) = CAST($1 AS date)',
      params: ['2024-01-15'],
    })
    expect(render('WHERE {{at}}', { at: { from: '2024-01-01', to: '2024-01-31' } })).toEqual({
      sql: 'WHERE ("public"."sales"."created_at" >= CAST($1 AS timestamp) AND "public"."sales"."created_at" < CAST($2 AS timestamp))',
      params: ['2024-01-01', '2024-02-01'],
    })
  })

  it('the default applies when no value is given', () => {
    const rendered = renderNativeSql('WHERE {{r}}', {
      dialect: 'postgres',
      variables: [{ ...filter('r', 'region'), default: 'kzn' }],
      values: { r: null },
      catalog: salesCatalog(),
    })
    expect(rendered).toEqual({ sql: 'WHERE "public"."sales"."region" = $1', params: ['kzn'] })
  })

  it('a hostile value is only a parameter', () => {
    expect(render('WHERE {{region}}', { region: "x' OR '1'='1" }).params).toEqual(["x' OR '1'='1"])
  })

  it.each([
    [
      { region: 'x' },
      [{ ...filter('region', 'region'), field: null }],
      'SQL_VARIABLE_INVALID',
      'needs a column',
    ],
    [
      { region: 'x' },
      [{ ...filter('region', 'region'), field: { schema: 'public', name: 'nope', column: 'x' } }],
      'QUERY_UNKNOWN_TABLE',
      'unknown table public.nope',
    ],
    [{ region: 'x' }, [filter('region', 'nope')], 'QUERY_UNKNOWN_COLUMN', 'unknown column "nope"'],
    [{ region: 'msk' }, [filter('region', 'qty')], 'SQL_VARIABLE_INVALID', 'needs a number'],
    [{ region: '15.01.2024' }, [filter('region', 'sold_on')], 'SQL_VARIABLE_INVALID', 'needs a date'],
  ])('refuses %j', (values, vars, code, message) => {
    expect(() =>
      renderNativeSql('WHERE {{region}}', {
        dialect: 'postgres',
        variables: vars as NativeVariable[],
        values,
        catalog: salesCatalog(),
      }),
    ).toThrow(expect.objectContaining({ code, message: expect.stringContaining(message) }))
  })

  it('lists and ranges are refused for plain variables', () => {
    expect(() =>
      renderNativeSql('SELECT {{a}}', { dialect: 'postgres', variables: [], values: { a: ['x', 'y'] } }),
    ).toThrow(expect.objectContaining({ code: 'SQL_VARIABLE_INVALID' }))
    expect(() =>
      renderNativeSql('SELECT {{a}}', {
        dialect: 'postgres',
        variables: [{ name: 'a', type: 'number', default: null, field: null }],
        values: { a: [5] },
      }),
    ).toThrow(expect.objectContaining({ code: 'SQL_VARIABLE_INVALID' }))
  })

  it('keeps an optional section around a field filter without a value', () => {
    expect(render('SELECT 1 [[WHERE {{region}}]]', {})).toEqual({ sql: 'SELECT 1 WHERE 1 = 1', params: [] })
  })
})
