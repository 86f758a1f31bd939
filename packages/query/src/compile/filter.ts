import type { Filter, Scalar } from '@vitrina/contracts'
import { escapeLike } from '../dialect/dialect'
import { assertUnreachable, QueryError } from '../errors'
import {
  bind,
  type CompileContext,
  type Fragment,
  isNumericType,
  isTemporalType,
  type Scope,
} from './context'
import { relativeRange } from './relative-dates'
import { compileOperand } from './scope'

export function compileFilter(ctx: CompileContext, scope: Scope, filter: Filter): string {
  switch (filter.kind) {
    case 'and':
    case 'or': {
      const parts = filter.filters.map((f) => compileFilter(ctx, scope, f))
      return parts.length === 1 ? parts[0]! : `(${parts.join(filter.kind === 'and' ? ' AND ' : ' OR ')})`
    }
    case 'not':
      return `NOT (${compileFilter(ctx, scope, filter.filter)})`
    case 'compare': {
      const field = compileOperand(ctx, scope, filter.field)
      const op = filter.op === '!=' ? '<>' : filter.op
      return `${field.sql} ${op} ${value(ctx, field, filter.value)}`
    }
    case 'between': {
      const field = compileOperand(ctx, scope, filter.field)
      return `${field.sql} BETWEEN ${value(ctx, field, filter.min)} AND ${value(ctx, field, filter.max)}`
    }
    case 'in':
    case 'not-in': {
      const field = compileOperand(ctx, scope, filter.field)
      const list = filter.values.map((v) => value(ctx, field, v)).join(', ')
      return `${field.sql} ${filter.kind === 'in' ? 'IN' : 'NOT IN'} (${list})`
    }
    case 'contains':
    case 'not-contains':
    case 'starts-with':
    case 'ends-with': {
      const field = compileOperand(ctx, scope, filter.field)
      requireType(field, filter.kind, field.type === 'text')
      const escaped = escapeLike(filter.value)
      const pattern =
        filter.kind === 'starts-with'
          ? `${escaped}%`
          : filter.kind === 'ends-with'
            ? `%${escaped}`
            : `%${escaped}%`
      const like = ctx.dialect.like(
        field.sql,
        ctx.dialect.typedPlaceholder(bind(ctx, pattern), 'text'),
        filter.caseSensitive,
      )
      return filter.kind === 'not-contains' ? `NOT (${like})` : like
    }
    case 'is-null':
      return `${compileOperand(ctx, scope, filter.field).sql} IS NULL`
    case 'not-null':
      return `${compileOperand(ctx, scope, filter.field).sql} IS NOT NULL`
    case 'is-empty': {
      const field = compileOperand(ctx, scope, filter.field)
      return field.type === 'text' ? `(${field.sql} IS NULL OR ${field.sql} = '')` : `${field.sql} IS NULL`
    }
    case 'not-empty': {
      const field = compileOperand(ctx, scope, filter.field)
      return field.type === 'text'
        ? `(${field.sql} IS NOT NULL AND ${field.sql} <> '')`
        : `${field.sql} IS NOT NULL`
    }
    case 'relative-date':
    case 'period': {
      const field = compileOperand(ctx, scope, filter.field)
      requireType(field, filter.kind, isTemporalType(field.type))
      const range = relativeRange(filter, ctx.today)
      const start = ctx.dialect.typedPlaceholder(bind(ctx, range.start), 'date')
      const end = ctx.dialect.typedPlaceholder(bind(ctx, range.end), 'date')
      return `(${field.sql} >= ${start} AND ${field.sql} < ${end})`
    }
    default:
      return assertUnreachable(filter)
  }
}

function requireType(field: Fragment, filter: string, ok: boolean): void {
  if (!ok) {
    throw new QueryError(
      'QUERY_TYPE_MISMATCH',
      `Filter "${filter}" does not apply to a ${field.type} column`,
      {
        filter,
        type: field.type,
      },
    )
  }
}

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/

/** A filter value as a bind parameter, checked against the column type so mistakes fail here, not in the engine. */
function value(ctx: CompileContext, field: Fragment, v: Scalar): string {
  const ok = isNumericType(field.type)
    ? typeof v === 'number'
    : isTemporalType(field.type)
      ? typeof v === 'string' && DATE_TEXT.test(v)
      : field.type === 'boolean'
        ? typeof v === 'boolean'
        : field.type === 'text'
          ? typeof v === 'string'
          : true
  if (!ok) {
    throw new QueryError(
      'QUERY_TYPE_MISMATCH',
      `Value ${JSON.stringify(v)} does not fit a ${field.type} column`,
      {
        value: v,
        type: field.type,
      },
    )
  }
  const marker = bind(ctx, v)
  // Only dates need an explicit cast: engines infer the other parameter types from the column.
  return isTemporalType(field.type) ? ctx.dialect.typedPlaceholder(marker, field.type) : marker
}
