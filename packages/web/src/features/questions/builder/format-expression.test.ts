import { parseExpression } from '@vitrina/query/expression'
import { describe, expect, it } from 'vitest'
import { formatExpression } from './format-expression'

describe('formatExpression', () => {
  it.each([
    '[Выручка] / [Количество] * 100',
    'if([Регион] = "Москва", 1, 0)',
    'coalesce([r].[name], "—", null)',
    'not [a] > 1 and [b] <= -2 or true',
    '-[x] + round([y], 2)',
    'concat("say \\"hi\\"", [z])',
  ])('round-trips %s', (text) => {
    const tree = parseExpression(text)
    expect(parseExpression(formatExpression(tree))).toEqual(tree)
  })
})
