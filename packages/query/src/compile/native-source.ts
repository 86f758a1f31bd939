import type { NativeVariable, ResultColumn, SqlDialect } from '@vitrina/contracts'
import { assertReadOnlySql } from '../native/guard'
import { tokenizeSql } from '../native/tokenize'
import { renderNativePieces } from '../native/variables'
import { bind, type CompileContext } from './context'

/** A saved native question read as the source of a builder query; `columns` come from a run of it. */
export interface NativeSourceQuestion {
  kind: 'native'
  sql: string
  variables: readonly NativeVariable[]
  /** Values of its variables (the run's parameters); defaults apply to the others. */
  values: Readonly<Record<string, unknown>>
  columns: ResultColumn[]
}

/** The statement without a trailing `;` (and the spaces and comments around it), so it can be nested. */
export function withoutTrailingSemicolon(sql: string, dialect: SqlDialect): string {
  const tokens = tokenizeSql(sql, dialect)
  let end = tokens.length
  while (end > 0) {
    const t = tokens[end - 1]!
    if (t.kind === 'space' || t.kind === 'comment' || (t.kind === 'punct' && t.text === ';')) end--
    else break
  }
  return tokens
    .slice(0, end)
    .map((t) => t.text)
    .join('')
}

/**
 * The native SQL as the text of a subquery: its variables become bound values of the outer query (markers,
 * numbered with the rest), and the statement must pass the read-only guard like any native SQL.
 */
export function nativeSubquery(ctx: CompileContext, source: NativeSourceQuestion): string {
  const sql = withoutTrailingSemicolon(source.sql, ctx.dialect.name)
  const pieces = renderNativePieces(sql, {
    dialect: ctx.dialect.name,
    variables: source.variables,
    values: source.values,
    catalog: ctx.catalog,
  })
  let guarded = ''
  let text = ''
  for (const piece of pieces) {
    if ('text' in piece) {
      guarded += piece.text
      text += piece.text
      continue
    }
    const marker = bind(ctx, piece.value)
    guarded += ctx.dialect.placeholder(1)
    text += piece.cast === null ? marker : ctx.dialect.typedPlaceholder(marker, piece.cast)
  }
  assertReadOnlySql(guarded, ctx.dialect.name)
  return text
}
