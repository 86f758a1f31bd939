import {
  type Aggregation,
  type Catalog,
  type Operand,
  type Query,
  querySchema,
  type ResultColumn,
  type SqlDialect,
} from '@vitrina/contracts'
import { getDialect } from '../dialect'
import { assertUnreachable, QueryError } from '../errors'
import { type CompileContext, type Fragment, finalizeSql, quote, type Relation, type Scope } from './context'
import { compileExpression } from './expression'
import { compileFilter } from './filter'
import { type NativeSourceQuestion, nativeSubquery } from './native-source'
import { calendarDate } from './relative-dates'
import { columnOf, compileOperand, findTable, operandName, relationFor, tableRelation } from './scope'

export interface CompileOptions {
  dialect: SqlDialect
  catalog: Catalog
  /** Returns a saved question (builder or native); needed only when a source is `{ kind: 'question' }`. */
  resolveQuestion?: (id: string) => SourceQuestion | null
  /** "Now" for relative date filters; pass it explicitly for reproducible SQL (default: the clock). */
  now?: Date
  /** Zone whose calendar date is "today" (default UTC). */
  timeZone?: string
}

/** A saved question a builder query reads as its source. */
export type SourceQuestion = { kind: 'builder'; query: Query } | NativeSourceQuestion

export interface CompiledQuery {
  sql: string
  params: unknown[]
  columns: ResultColumn[]
}

const SOURCE_ALIAS = 'source'

export function compile(input: Query, options: CompileOptions): CompiledQuery {
  const ctx: CompileContext = {
    dialect: getDialect(options.dialect),
    catalog: options.catalog,
    resolveQuestion: options.resolveQuestion ?? null,
    today: calendarDate(options.now ?? new Date(), options.timeZone ?? 'UTC'),
    values: [],
    questionStack: [],
  }
  const { sql, columns } = compileQuery(ctx, input)
  return { ...finalizeSql(ctx, sql), columns }
}

function compileQuery(ctx: CompileContext, input: Query): { sql: string; columns: ResultColumn[] } {
  const parsed = querySchema.safeParse(input)
  if (!parsed.success) {
    throw new QueryError(
      'QUERY_INVALID',
      `Invalid query: ${parsed.error.issues[0]?.message ?? 'bad shape'}`,
      {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    )
  }
  const query = parsed.data
  const { from, source } = compileSource(ctx, query)
  const scope: Scope = { source, joins: new Map(), expressions: new Map() }
  const lines = [from, ...query.joins.map((join) => compileJoin(ctx, scope, join))]

  for (const { name, expression } of query.expressions) {
    if (scope.expressions.has(name)) {
      throw new QueryError('QUERY_DUPLICATE_NAME', `Calculated column "${name}" is defined twice`, { name })
    }
    scope.expressions.set(name, compileExpression(ctx, scope, expression))
  }
  if (query.filter) lines.push(`WHERE ${compileFilter(ctx, scope, query.filter)}`)

  const summarized = query.aggregations.length > 0 || query.breakouts.length > 0
  const select = summarized ? summarizedSelect(ctx, scope, query) : rawSelect(ctx, scope, query)
  if (summarized && query.breakouts.length > 0) {
    // Ordinals, not repeated expressions: PostgreSQL sees `$1` and `$2` as different expressions.
    lines.push(`GROUP BY ${query.breakouts.map((_, i) => i + 1).join(', ')}`)
  }
  if (query.orderBy.length > 0) {
    const items = query.orderBy.map((o) =>
      ctx.dialect.orderItem(orderSql(ctx, scope, query, select.items, o.target), o.direction),
    )
    lines.push(`ORDER BY ${items.join(', ')}`)
  }
  // A validated integer, inlined: MySQL prepared statements reject a `?` LIMIT sent as a double.
  if (query.limit !== null) lines.push(`LIMIT ${query.limit}`)

  const selectSql = `SELECT\n${select.items.map((i) => `  ${i.sql} AS ${quote(ctx, i.name)}`).join(',\n')}`
  return {
    sql: [selectSql, ...lines].join('\n'),
    columns: select.items.map((i) => ({ name: i.name, type: i.type })),
  }
}

function compileSource(ctx: CompileContext, query: Query): { from: string; source: Relation } {
  const source = query.source
  switch (source.kind) {
    case 'table': {
      const table = findTable(ctx, source)
      return {
        from: `FROM ${quote(ctx, table.schema)}.${quote(ctx, table.name)} AS ${quote(ctx, SOURCE_ALIAS)}`,
        source: tableRelation(SOURCE_ALIAS, table),
      }
    }
    case 'question': {
      if (ctx.questionStack.includes(source.id)) {
        throw new QueryError('QUERY_QUESTION_CYCLE', `Question ${source.id} uses itself as its source`, {
          path: [...ctx.questionStack, source.id],
        })
      }
      const inner = ctx.resolveQuestion?.(source.id) ?? null
      if (!inner) {
        throw new QueryError('QUERY_UNKNOWN_QUESTION', `Unknown source question ${source.id}`, {
          id: source.id,
        })
      }
      ctx.questionStack.push(source.id)
      const compiled =
        inner.kind === 'builder'
          ? compileQuery(ctx, inner.query)
          : { sql: nativeSubquery(ctx, inner), columns: inner.columns }
      ctx.questionStack.pop()
      const indented = compiled.sql
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n')
      return {
        from: `FROM (\n${indented}\n) AS ${quote(ctx, SOURCE_ALIAS)}`,
        source: {
          alias: SOURCE_ALIAS,
          table: null,
          columns: new Map(compiled.columns.map((c) => [c.name, c.type])),
        },
      }
    }
    default:
      return assertUnreachable(source)
  }
}

function compileJoin(ctx: CompileContext, scope: Scope, join: Query['joins'][number]): string {
  if (join.alias === SOURCE_ALIAS || scope.joins.has(join.alias)) {
    throw new QueryError('QUERY_DUPLICATE_NAME', `Join alias "${join.alias}" is already used`, {
      alias: join.alias,
    })
  }
  const table = findTable(ctx, join.table)
  const relation = tableRelation(join.alias, table)
  const leftRelation = relationFor(scope, join.on.left.table)
  const left = columnOf(ctx, leftRelation, join.on.left.column)
  const right = columnOf(ctx, relation, join.on.right)
  if (leftRelation.table && !isForeignKey(ctx, leftRelation, join.on.left.column, relation, join.on.right)) {
    throw new QueryError(
      'QUERY_JOIN_NOT_ON_FOREIGN_KEY',
      `No foreign key links ${leftRelation.table.name}.${join.on.left.column} and ${table.name}.${join.on.right}`,
      { left: join.on.left, right: { table: join.table, column: join.on.right } },
    )
  }
  scope.joins.set(join.alias, relation)
  const kind = join.kind === 'left' ? 'LEFT JOIN' : 'INNER JOIN'
  return `${kind} ${quote(ctx, table.schema)}.${quote(ctx, table.name)} AS ${quote(ctx, join.alias)} ON ${left.sql} = ${right.sql}`
}

/** Declared or detected (catalog sync) foreign key, in either direction. */
function isForeignKey(
  ctx: CompileContext,
  a: Relation,
  aColumn: string,
  b: Relation,
  bColumn: string,
): boolean {
  const links = (from: Relation, fromColumn: string, to: Relation, toColumn: string) =>
    ctx.catalog.tables
      .find((t) => t.schema === from.table?.schema && t.name === from.table?.name)
      ?.foreignKeys.some(
        (fk) =>
          fk.column === fromColumn &&
          fk.references.schema === to.table?.schema &&
          fk.references.name === to.table?.name &&
          fk.references.column === toColumn,
      ) ?? false
  return links(a, aColumn, b, bColumn) || links(b, bColumn, a, aColumn)
}

interface SelectItem extends Fragment {
  name: string
  /** What produced the item, to resolve ORDER BY targets. */
  origin: { kind: 'breakout' | 'aggregation'; index: number } | { kind: 'operand'; operand: Operand }
}

function uniqueName(used: Set<string>, wanted: string): string {
  let name = wanted
  for (let n = 2; used.has(name); n++) name = `${wanted}_${n}`
  used.add(name)
  return name
}

function summarizedSelect(ctx: CompileContext, scope: Scope, query: Query): { items: SelectItem[] } {
  const used = new Set<string>()
  const items: SelectItem[] = query.breakouts.map((b, index) => {
    const field = compileOperand(ctx, scope, b.field)
    const fragment =
      b.bucket === null ? field : { sql: ctx.dialect.dateTrunc(field.sql, b.bucket), type: 'date' as const }
    if (b.bucket !== null && field.type !== 'date' && field.type !== 'timestamp') {
      throw new QueryError(
        'QUERY_TYPE_MISMATCH',
        `Date bucket "${b.bucket}" needs a date column, got ${field.type}`,
        {
          field: b.field,
          type: field.type,
        },
      )
    }
    return {
      ...fragment,
      name: uniqueName(used, b.name ?? operandName(b.field)),
      origin: { kind: 'breakout', index },
    }
  })
  query.aggregations.forEach((a, index) => {
    const fragment = compileAggregation(ctx, scope, a)
    items.push({
      ...fragment,
      name: uniqueName(used, a.name ?? aggregationName(a)),
      origin: { kind: 'aggregation', index },
    })
  })
  return { items }
}

function rawSelect(ctx: CompileContext, scope: Scope, query: Query): { items: SelectItem[] } {
  const used = new Set<string>()
  const operands: Operand[] = query.fields ?? [
    ...[...scope.source.columns.keys()].map((column): Operand => ({ kind: 'field', table: null, column })),
    ...[...scope.joins.values()].flatMap((j) =>
      [...j.columns.keys()].map((column): Operand => ({ kind: 'field', table: j.alias, column })),
    ),
    ...[...scope.expressions.keys()].map((name): Operand => ({ kind: 'expression', name })),
  ]
  return {
    items: operands.map((operand) => ({
      ...compileOperand(ctx, scope, operand),
      name: uniqueName(used, operandName(operand)),
      origin: { kind: 'operand', operand },
    })),
  }
}

function compileAggregation(ctx: CompileContext, scope: Scope, a: Aggregation): Fragment {
  const d = ctx.dialect
  if (a.kind === 'count' && a.field === null) return { sql: 'COUNT(*)', type: 'integer' }
  if (a.field === null) {
    throw new QueryError('QUERY_INVALID', `Aggregation "${a.kind}" needs a field`, { aggregation: a.kind })
  }
  const field = compileOperand(ctx, scope, a.field)
  const numeric = () => {
    if (field.type !== 'integer' && field.type !== 'decimal' && field.type !== 'float') {
      throw new QueryError('QUERY_TYPE_MISMATCH', `"${a.kind}" needs a numeric column, got ${field.type}`, {
        aggregation: a.kind,
        type: field.type,
      })
    }
  }
  switch (a.kind) {
    case 'count':
      return { sql: `COUNT(${field.sql})`, type: 'integer' }
    case 'count-distinct':
      return { sql: `COUNT(DISTINCT ${field.sql})`, type: 'integer' }
    case 'sum':
      numeric()
      return { sql: `SUM(${field.sql})`, type: field.type }
    case 'avg':
      numeric()
      // As a float everywhere: MySQL would round an integer average to 4 decimals.
      return { sql: `AVG(${d.toFloat(field.sql)})`, type: 'float' }
    case 'min':
      return { sql: `MIN(${field.sql})`, type: field.type }
    case 'max':
      return { sql: `MAX(${field.sql})`, type: field.type }
    case 'median':
      numeric()
      // As a float: DuckDB keeps a DECIMAL's scale and would round the interpolated median.
      return { sql: d.median(d.toFloat(field.sql)), type: 'float' }
    case 'percentile':
      numeric()
      if (a.p === null) throw new QueryError('QUERY_INVALID', 'Percentile needs p between 0 and 1')
      return { sql: d.percentile(d.toFloat(field.sql), a.p), type: 'float' }
    default:
      return assertUnreachable(a.kind)
  }
}

function aggregationName(a: Aggregation): string {
  const kind = a.kind.replace('-', '_')
  const of = a.field === null ? '' : `_${operandName(a.field)}`
  if (a.kind === 'percentile') return `p${Math.round((a.p ?? 0) * 100)}${of}`
  return `${kind}${of}`
}

function sameOperand(a: Operand, b: Operand): boolean {
  if (a.kind === 'expression' || b.kind === 'expression') {
    return a.kind === 'expression' && b.kind === 'expression' && a.name === b.name
  }
  return a.table === b.table && a.column === b.column
}

/** Select-list items are ordered by ordinal; a raw query may also order by a column it does not show. */
function orderSql(
  ctx: CompileContext,
  scope: Scope,
  query: Query,
  items: SelectItem[],
  target: Query['orderBy'][number]['target'],
): string {
  const position = items.findIndex((item) => {
    const o = item.origin
    if (target.kind === 'breakout' || target.kind === 'aggregation') {
      return o.kind === target.kind && o.index === target.index
    }
    if (o.kind === 'operand') return sameOperand(o.operand, target)
    return (
      o.kind === 'breakout' &&
      query.breakouts[o.index]?.bucket === null &&
      sameOperand(query.breakouts[o.index]!.field, target)
    )
  })
  if (position >= 0) return String(position + 1)
  const summarized = query.aggregations.length > 0 || query.breakouts.length > 0
  if (target.kind === 'breakout' || target.kind === 'aggregation' || summarized) {
    throw new QueryError('QUERY_INVALID_ORDER', 'Sort by a column that is not in the result', { target })
  }
  return compileOperand(ctx, scope, target).sql
}
