import type { CatalogColumnType, Expression, Scalar } from '@vitrina/contracts'
import { assertUnreachable, QueryError } from '../errors'
import {
  bind,
  type CompileContext,
  type Fragment,
  isNumericType,
  isTemporalType,
  type Scope,
} from './context'
import { compileField } from './scope'

/** Compiles a calculated-column expression; `[name]` means an earlier calculated column, else a source column. */
export function compileExpression(
  ctx: CompileContext,
  scope: Scope,
  expr: Expression,
  /** Type of the value a literal is compared with, if any. */
  context: CatalogColumnType | null = null,
): Fragment {
  const d = ctx.dialect
  switch (expr.kind) {
    case 'field': {
      const calculated = expr.table === null ? scope.expressions.get(expr.column) : undefined
      if (calculated) return { sql: `(${calculated.sql})`, type: calculated.type }
      return compileField(ctx, scope, expr)
    }
    case 'literal':
      return compileLiteral(ctx, expr.value, context)
    case 'arithmetic': {
      const left = compileExpression(ctx, scope, expr.left)
      const right = compileExpression(ctx, scope, expr.right)
      requireNumeric(left, expr.op)
      requireNumeric(right, expr.op)
      if (expr.op === '/') {
        // Null-safe: division by zero gives NULL instead of an error.
        return { sql: `(${d.toFloat(left.sql)} / NULLIF(${right.sql}, 0))`, type: 'float' }
      }
      return { sql: `(${left.sql} ${expr.op} ${right.sql})`, type: numericResult(left.type, right.type) }
    }
    case 'compare': {
      // A literal takes the type of the other side: [Дата] >= "2024-05-01" compares dates, not text.
      const left = expr.left.kind === 'literal' ? null : compileExpression(ctx, scope, expr.left)
      const right = compileExpression(ctx, scope, expr.right, left?.type ?? null)
      if (left === null) {
        const typedLeft = compileExpression(ctx, scope, expr.left, right.type)
        const op = expr.op === '!=' ? '<>' : expr.op
        return { sql: `(${typedLeft.sql} ${op} ${right.sql})`, type: 'boolean' }
      }
      const op = expr.op === '!=' ? '<>' : expr.op
      return { sql: `(${left.sql} ${op} ${right.sql})`, type: 'boolean' }
    }
    case 'logical': {
      const args = expr.args.map((a) => compileExpression(ctx, scope, a).sql)
      return { sql: `(${args.join(expr.op === 'and' ? ' AND ' : ' OR ')})`, type: 'boolean' }
    }
    case 'not':
      return { sql: `(NOT ${compileExpression(ctx, scope, expr.arg).sql})`, type: 'boolean' }
    case 'negate': {
      const arg = compileExpression(ctx, scope, expr.arg)
      requireNumeric(arg, '-')
      return { sql: `(-${arg.sql})`, type: arg.type }
    }
    case 'call':
      return compileCall(ctx, scope, expr)
    default:
      return assertUnreachable(expr)
  }
}

function compileCall(
  ctx: CompileContext,
  scope: Scope,
  expr: Extract<Expression, { kind: 'call' }>,
): Fragment {
  const d = ctx.dialect
  const args = () => expr.args.map((a) => compileExpression(ctx, scope, a))
  const one = () => compileExpression(ctx, scope, arg(expr, 0))
  switch (expr.fn) {
    case 'concat':
      return { sql: d.concat(args().map((a) => a.sql)), type: 'text' }
    case 'coalesce': {
      const compiled = args()
      return {
        sql: `COALESCE(${compiled.map((a) => a.sql).join(', ')})`,
        type: compiled.find((a) => a.type !== 'other')?.type ?? 'other',
      }
    }
    case 'if': {
      const [cond, then, otherwise] = args()
      return caseWhen([[cond!, then!]], otherwise ?? null)
    }
    case 'case': {
      const compiled = args()
      const pairs: [Fragment, Fragment][] = []
      for (let i = 0; i + 1 < compiled.length; i += 2) pairs.push([compiled[i]!, compiled[i + 1]!])
      return caseWhen(pairs, compiled.length % 2 === 1 ? compiled[compiled.length - 1]! : null)
    }
    case 'year':
    case 'quarter':
    case 'month':
    case 'day':
    case 'weekday': {
      const date = one()
      if (!isTemporalType(date.type)) {
        throw new QueryError('QUERY_TYPE_MISMATCH', `${expr.fn}() needs a date, got ${date.type}`, {
          function: expr.fn,
          type: date.type,
        })
      }
      return { sql: d.datePart(date.sql, expr.fn), type: 'integer' }
    }
    case 'lower':
    case 'upper':
      return { sql: `${expr.fn.toUpperCase()}(${one().sql})`, type: 'text' }
    case 'round': {
      const value = one()
      requireNumeric(value, 'round')
      const digitsArg = expr.args[1]
      const digits =
        digitsArg?.kind === 'literal' && typeof digitsArg.value === 'number' ? digitsArg.value : 0
      if (!Number.isInteger(digits) || digits < 0 || digits > 10) {
        throw new QueryError('QUERY_INVALID', 'round() digits must be an integer from 0 to 10', { digits })
      }
      return { sql: d.round(value.sql, digits), type: 'decimal' }
    }
    case 'abs': {
      const value = one()
      requireNumeric(value, 'abs')
      return { sql: `ABS(${value.sql})`, type: value.type }
    }
    default:
      return assertUnreachable(expr.fn)
  }
}

function arg(expr: Extract<Expression, { kind: 'call' }>, index: number): Expression {
  const value = expr.args[index]
  if (!value) throw new QueryError('QUERY_INVALID', `${expr.fn}() is missing argument ${index + 1}`)
  return value
}

function caseWhen(pairs: [Fragment, Fragment][], otherwise: Fragment | null): Fragment {
  const whens = pairs.map(([cond, value]) => `WHEN ${cond.sql} THEN ${value.sql}`).join(' ')
  const elseSql = otherwise ? ` ELSE ${otherwise.sql}` : ''
  const type = [...pairs.map(([, v]) => v), ...(otherwise ? [otherwise] : [])].find((v) => v.type !== 'other')
  return { sql: `CASE ${whens}${elseSql} END`, type: type?.type ?? 'other' }
}

export function literalType(value: Scalar): CatalogColumnType {
  if (typeof value === 'string') return 'text'
  if (typeof value === 'boolean') return 'boolean'
  return Number.isInteger(value) ? 'integer' : 'decimal'
}

/** Literals carry an explicit type: PostgreSQL cannot infer `$1` inside CONCAT() or CASE ... THEN $1. */
function compileLiteral(
  ctx: CompileContext,
  value: Scalar | null,
  context: CatalogColumnType | null,
): Fragment {
  if (value === null) return { sql: 'NULL', type: 'other' }
  const own = literalType(value)
  const type = context !== null && fitsType(value, context) ? context : own
  return { sql: ctx.dialect.typedPlaceholder(bind(ctx, value), type), type }
}

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/

function fitsType(value: Scalar, type: CatalogColumnType): boolean {
  if (isTemporalType(type)) return typeof value === 'string' && DATE_TEXT.test(value)
  if (isNumericType(type)) return typeof value === 'number'
  return false
}

function requireNumeric(fragment: Fragment, op: string): void {
  if (!isNumericType(fragment.type) && fragment.type !== 'other') {
    throw new QueryError('QUERY_TYPE_MISMATCH', `"${op}" needs numbers, got ${fragment.type}`, {
      operator: op,
      type: fragment.type,
    })
  }
}

function numericResult(a: CatalogColumnType, b: CatalogColumnType): CatalogColumnType {
  if (a === 'float' || b === 'float') return 'float'
  if (a === 'integer' && b === 'integer') return 'integer'
  return 'decimal'
}
