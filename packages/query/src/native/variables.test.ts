import type { NativeVariable } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { renderNativeSql } from './variables'

const variables: NativeVariable[] = [
  { name: 'region', type: 'text', default: null, field: null },
  { name: 'min', type: 'number', default: 10, field: null },
  { name: 'from', type: 'date', default: null, field: null },
]
const SQL =
  'SELECT * FROM sales WHERE amount > {{min}} [[AND region = {{region}}]] [[AND sold_on >= {{ from }}]]'

describe('renderNativeSql', () => {
  it('binds every variable and keeps optional sections that have values', () => {
    expect(
      renderNativeSql(SQL, {
        dialect: 'postgres',
        variables,
        values: { region: 'msk', min: '5', from: '2024-01-01' },
      }),
    ).toEqual({
      sql: 'SELECT * FROM sales WHERE amount > $1 AND region = $2 AND sold_on >= CAST($3 AS date)',
      params: [5, 'msk', '2024-01-01'],
    })
    expect(
      renderNativeSql(SQL, { dialect: 'mysql', variables, values: { region: 'msk', from: '2024-01-01' } }),
    ).toEqual({
      sql: 'SELECT * FROM sales WHERE amount > ? AND region = ? AND sold_on >= CAST(? AS DATE)',
      params: [10, 'msk', '2024-01-01'],
    })
  })

  it('drops optional sections whose variable is empty, and uses defaults', () => {
    expect(
      renderNativeSql(SQL, { dialect: 'duckdb', variables, values: { region: '', from: null } }),
    ).toEqual({
      sql: 'SELECT * FROM sales WHERE amount > $1  ',
      params: [10],
    })
  })

  it('never interpolates: quotes and semicolons stay inside the parameter', () => {
    const rendered = renderNativeSql('SELECT {{region}}', {
      dialect: 'postgres',
      variables,
      values: { region: "x'; DROP TABLE y; --" },
    })
    expect(rendered).toEqual({ sql: 'SELECT $1', params: ["x'; DROP TABLE y; --"] })
  })

  it('treats undeclared variables as text, and the same variable twice as two parameters', () => {
    expect(
      renderNativeSql('SELECT {{a}}, {{a}}', { dialect: 'postgres', variables: [], values: { a: 1 } }),
    ).toEqual({
      sql: 'SELECT $1, $2',
      params: ['1', '1'],
    })
  })

  it('leaves brackets without variables alone (DuckDB nested lists) and ignores variables in comments', () => {
    expect(
      renderNativeSql('SELECT [[1, 2], [3]] -- {{x}}', { dialect: 'duckdb', variables: [], values: {} }),
    ).toEqual({
      sql: 'SELECT [[1, 2], [3]] -- {{x}}',
      params: [],
    })
  })

  it.each([
    ['SELECT {{region}}', {}, 'SQL_VARIABLE_REQUIRED', 'Variable "region" needs a value'],
    ['SELECT {{min}}', { min: 'ten' }, 'SQL_VARIABLE_INVALID', 'Variable "min" needs a number'],
    ['SELECT {{from}}', { from: '31.12.2024' }, 'SQL_VARIABLE_INVALID', 'Variable "from" needs a date'],
    [
      "SELECT '{{region}}'",
      { region: 'x' },
      'SQL_VARIABLE_IN_STRING',
      'A variable inside quotes at position 8',
    ],
    ['SELECT $1', {}, 'SQL_UNEXPECTED_PLACEHOLDER', 'Use {{name}} variables instead of $1 at position 8'],
    [
      'SELECT 1 [[AND {{region}}',
      { region: 'x' },
      'SQL_PARSE_ERROR',
      'Optional section [[ at position 10 is not closed',
    ],
  ])('%s refused', (sql, values, code, message) => {
    expect(() => renderNativeSql(sql, { dialect: 'postgres', variables, values })).toThrow(
      expect.objectContaining({ code, message: expect.stringContaining(message) }),
    )
  })

  it('a ? is a placeholder on MySQL but an operator on PostgreSQL', () => {
    expect(() => renderNativeSql('SELECT ?', { dialect: 'mysql', variables, values: {} })).toThrow(
      expect.objectContaining({ code: 'SQL_UNEXPECTED_PLACEHOLDER' }),
    )
    expect(
      renderNativeSql(`SELECT '{}'::jsonb ? 'a'`, { dialect: 'postgres', variables, values: {} }).params,
    ).toEqual([])
  })
})
