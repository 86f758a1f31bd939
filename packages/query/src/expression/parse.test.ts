import { describe, expect, it } from 'vitest'
import { parseExpression } from './parse'

describe('parseExpression', () => {
  it('parses arithmetic with precedence and Cyrillic column names', () => {
    expect(parseExpression('[Выручка] / [Количество] * 100')).toEqual({
      kind: 'arithmetic',
      op: '*',
      left: {
        kind: 'arithmetic',
        op: '/',
        left: { kind: 'field', table: null, column: 'Выручка' },
        right: { kind: 'field', table: null, column: 'Количество' },
      },
      right: { kind: 'literal', value: 100 },
    })
  })

  it('parses if() with a comparison and a string', () => {
    expect(parseExpression('if([Регион] = "Москва", 1, 0)')).toEqual({
      kind: 'call',
      fn: 'if',
      args: [
        {
          kind: 'compare',
          op: '=',
          left: { kind: 'field', table: null, column: 'Регион' },
          right: { kind: 'literal', value: 'Москва' },
        },
        { kind: 'literal', value: 1 },
        { kind: 'literal', value: 0 },
      ],
    })
  })

  it('parses joined columns, negative numbers, booleans, null, and/or/not, <>', () => {
    expect(parseExpression('coalesce([r].[name], null)')).toEqual({
      kind: 'call',
      fn: 'coalesce',
      args: [
        { kind: 'field', table: 'r', column: 'name' },
        { kind: 'literal', value: null },
      ],
    })
    expect(parseExpression('-1.5 + -[a]')).toEqual({
      kind: 'arithmetic',
      op: '+',
      left: { kind: 'literal', value: -1.5 },
      right: { kind: 'negate', arg: { kind: 'field', table: null, column: 'a' } },
    })
    expect(parseExpression('not [a] <> 1 and true or [b] >= 2')).toEqual({
      kind: 'logical',
      op: 'or',
      args: [
        {
          kind: 'logical',
          op: 'and',
          args: [
            {
              kind: 'not',
              arg: {
                kind: 'compare',
                op: '!=',
                left: { kind: 'field', table: null, column: 'a' },
                right: { kind: 'literal', value: 1 },
              },
            },
            { kind: 'literal', value: true },
          ],
        },
        {
          kind: 'compare',
          op: '>=',
          left: { kind: 'field', table: null, column: 'b' },
          right: { kind: 'literal', value: 2 },
        },
      ],
    })
  })

  it('is case-insensitive for function names and keeps escaped quotes', () => {
    expect(parseExpression('YEAR([Дата])')).toEqual({
      kind: 'call',
      fn: 'year',
      args: [{ kind: 'field', table: null, column: 'Дата' }],
    })
    expect(parseExpression('"say \\"hi\\""')).toEqual({ kind: 'literal', value: 'say "hi"' })
  })

  it.each([
    ['[a] +', 'Unexpected end of expression at position 6'],
    ['[a', 'Unclosed [ of a column name at position 1'],
    ['len([a])', 'Unknown function "len" (columns go in brackets: [len]) at position 1'],
    ['if([a])', 'if() takes 2 to 3 argument(s), got 1 at position 1'],
    ['year([a], 1)', 'year() takes 1 argument(s), got 2 at position 1'],
    ['"open', 'Unclosed string at position 1'],
    ['[a] ; 1', 'Unexpected character ";" at position 5'],
    ['[a] [b]', 'Unexpected "[b]" at position 5'],
    ['round([a], [b])', 'round() digits must be an integer number at position 1'],
    ['coalesce([a] 1)', 'Expected ")" at position 14'],
  ])('refuses %s with a positioned message', (text, message) => {
    expect(() => parseExpression(text)).toThrow(
      expect.objectContaining({ code: 'EXPRESSION_PARSE_ERROR', message }),
    )
  })
})
