import type { Aggregation, Breakout, DateUnit, FieldRef, Operand, OrderBy } from '@vitrina/contracts'
import { parseExpression } from '../expression/parse'

/** Terse AST builders for tests. */
export const field = (column: string, table: string | null = null): FieldRef => ({
  kind: 'field',
  table,
  column,
})
export const expr = (name: string): Operand => ({ kind: 'expression', name })
export const calc = (name: string, text: string) => ({ name, expression: parseExpression(text) })

export function agg(
  kind: Aggregation['kind'],
  of: Operand | null = null,
  p: number | null = null,
): Aggregation {
  return { kind, field: of, p, name: null }
}

export function by(of: Operand, bucket: DateUnit | null = null): Breakout {
  return { field: of, bucket, name: null }
}

export const desc = (target: OrderBy['target']): OrderBy => ({ target, direction: 'desc' })
export const asc = (target: OrderBy['target']): OrderBy => ({ target, direction: 'asc' })
export const byAgg = (index: number): OrderBy['target'] => ({ kind: 'aggregation', index })
export const byBreakout = (index: number): OrderBy['target'] => ({ kind: 'breakout', index })
