import type { Query } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { agg, by, byAgg, calc, desc, expr, field } from '../testing/builders'
import { salesCatalog, salesQuery } from '../testing/fixtures'
import { compile, type SourceQuestion } from './compile'

const catalog = salesCatalog()
const fails = (
  query: Query,
  code: string,
  message: string,
  resolveQuestion?: (id: string) => SourceQuestion | null,
) =>
  expect(() => compile(query, { dialect: 'postgres', catalog, resolveQuestion })).toThrow(
    expect.objectContaining({ code, message }),
  )
const regions = { schema: 'public', name: 'regions' }

describe('compile refuses bad queries with a stable code naming the culprit', () => {
  it('unknown table', () => {
    fails(
      { ...salesQuery(), source: { kind: 'table', schema: 'public', name: 'salez' } },
      'QUERY_UNKNOWN_TABLE',
      'Unknown table public.salez',
    )
  })

  it('unknown column, in the source and in a join', () => {
    fails(
      salesQuery({ fields: [field('amout')] }),
      'QUERY_UNKNOWN_COLUMN',
      'Unknown column "amout" in public.sales',
    )
    fails(
      salesQuery({
        joins: [{ alias: 'r', kind: 'left', table: regions, on: { left: field('region'), right: 'code' } }],
        fields: [field('title', 'r')],
      }),
      'QUERY_UNKNOWN_COLUMN',
      'Unknown column "title" in public.regions',
    )
  })

  it('unknown join alias and unknown calculated column', () => {
    fails(salesQuery({ fields: [field('name', 'x')] }), 'QUERY_UNKNOWN_JOIN', 'Unknown join alias "x"')
    fails(
      salesQuery({ fields: [expr('price')] }),
      'QUERY_UNKNOWN_EXPRESSION',
      'Unknown calculated column "price"',
    )
  })

  it('a join that is not on a foreign key', () => {
    fails(
      salesQuery({
        joins: [{ alias: 'r', kind: 'inner', table: regions, on: { left: field('region'), right: 'name' } }],
      }),
      'QUERY_JOIN_NOT_ON_FOREIGN_KEY',
      'No foreign key links sales.region and regions.name',
    )
  })

  it('duplicate names', () => {
    fails(
      salesQuery({ expressions: [calc('x', '1'), calc('x', '2')] }),
      'QUERY_DUPLICATE_NAME',
      'Calculated column "x" is defined twice',
    )
    fails(
      salesQuery({
        joins: [
          { alias: 'source', kind: 'left', table: regions, on: { left: field('region'), right: 'code' } },
        ],
      }),
      'QUERY_DUPLICATE_NAME',
      'Join alias "source" is already used',
    )
  })

  it('type mismatches', () => {
    fails(
      salesQuery({ aggregations: [agg('sum', field('region'))] }),
      'QUERY_TYPE_MISMATCH',
      '"sum" needs a numeric column, got text',
    )
    fails(
      salesQuery({ breakouts: [by(field('amount'), 'month')] }),
      'QUERY_TYPE_MISMATCH',
      'Date bucket "month" needs a date column, got decimal',
    )
    fails(
      salesQuery({ filter: { kind: 'compare', op: '>', field: field('amount'), value: 'a lot' } }),
      'QUERY_TYPE_MISMATCH',
      'Value "a lot" does not fit a decimal column',
    )
    fails(
      salesQuery({ filter: { kind: 'period', field: field('region'), which: 'this', unit: 'month' } }),
      'QUERY_TYPE_MISMATCH',
      'Filter "period" does not apply to a text column',
    )
    fails(
      salesQuery({ expressions: [calc('y', 'year([region])')] }),
      'QUERY_TYPE_MISMATCH',
      'year() needs a date, got text',
    )
    fails(
      salesQuery({ expressions: [calc('y', '[region] * 2')] }),
      'QUERY_TYPE_MISMATCH',
      '"*" needs numbers, got text',
    )
  })

  it('sorting by something not in a summarized result', () => {
    fails(
      salesQuery({ aggregations: [agg('count')], orderBy: [desc(field('amount'))] }),
      'QUERY_INVALID_ORDER',
      'Sort by a column that is not in the result',
    )
    fails(
      salesQuery({ aggregations: [agg('count')], orderBy: [desc(byAgg(3))] }),
      'QUERY_INVALID_ORDER',
      'Sort by a column that is not in the result',
    )
  })

  it('malformed input', () => {
    fails(
      { ...salesQuery(), limit: -1 } as Query,
      'QUERY_INVALID',
      'Invalid query: Too small: expected number to be >=0',
    )
    fails(salesQuery({ aggregations: [agg('sum')] }), 'QUERY_INVALID', 'Aggregation "sum" needs a field')
  })

  it('saved questions: unknown and cyclic', () => {
    const viaQuestion = (id: string): Query => ({ ...salesQuery(), source: { kind: 'question', id } })
    fails(viaQuestion('q9'), 'QUERY_UNKNOWN_QUESTION', 'Unknown source question q9', () => null)
    fails(viaQuestion('a'), 'QUERY_QUESTION_CYCLE', 'Question a uses itself as its source', (id) => ({
      kind: 'builder',
      query: viaQuestion(id === 'a' ? 'b' : 'a'),
    }))
  })
})
