import type { Catalog, CatalogColumnType, TableRef } from '@vitrina/contracts'
import type { Dialect } from '../dialect/dialect'
import { QueryError } from '../errors'
import type { SourceQuestion } from './compile'

/** Compiled SQL fragment with its logical type. */
export interface Fragment {
  sql: string
  type: CatalogColumnType
}

/** A FROM item: the source (a table or a saved question's subquery) or a join. */
export interface Relation {
  alias: string
  /** null for a saved question's subquery, which has no foreign keys to check. */
  table: TableRef | null
  columns: Map<string, CatalogColumnType>
}

export interface CompileContext {
  dialect: Dialect
  catalog: Catalog
  resolveQuestion: ((id: string) => SourceQuestion | null) | null
  /** Today's calendar date (YYYY-MM-DD) for relative date filters. */
  today: string
  /** Bound values; fragments hold markers pointing here until `finalizeSql` numbers them in text order. */
  values: unknown[]
  /** Saved questions being compiled, outermost first, to refuse cycles. */
  questionStack: string[]
}

/** Scope of one (sub)query: its relations and its calculated columns compiled so far. */
export interface Scope {
  source: Relation
  joins: Map<string, Relation>
  expressions: Map<string, Fragment>
}

const MARKER = '\u0000'
const MARKER_PATTERN = new RegExp(`${MARKER}(\\d+)${MARKER}`, 'g')

/**
 * Adds a bound value and returns its marker. Markers become `$n` / `?` only at the end, because
 * MySQL's positional `?` must follow text order and fragments are built out of order.
 */
export function bind(ctx: CompileContext, value: unknown): string {
  ctx.values.push(value)
  return `${MARKER}${ctx.values.length - 1}${MARKER}`
}

export function finalizeSql(ctx: CompileContext, sql: string): { sql: string; params: unknown[] } {
  const params: unknown[] = []
  const numbered = new Map<number, string>()
  const reuse = ctx.dialect.name !== 'mysql'
  const out = sql.replace(MARKER_PATTERN, (_, k: string) => {
    const index = Number(k)
    const existing = reuse ? numbered.get(index) : undefined
    if (existing !== undefined) return existing
    params.push(ctx.values[index])
    const placeholder = ctx.dialect.placeholder(params.length)
    numbered.set(index, placeholder)
    return placeholder
  })
  return { sql: out, params }
}

export function quote(ctx: CompileContext, name: string): string {
  // NUL is the parameter marker; no engine allows it in an identifier anyway.
  if (name.includes(MARKER)) throw new QueryError('QUERY_INVALID', 'Names cannot contain the NUL character')
  return ctx.dialect.quoteIdentifier(name)
}

export function isNumericType(type: CatalogColumnType): boolean {
  return type === 'integer' || type === 'decimal' || type === 'float'
}

export function isTemporalType(type: CatalogColumnType): boolean {
  return type === 'date' || type === 'timestamp'
}
