import type { Catalog, NativeVariable, SqlDialect } from '@vitrina/contracts'
import { getDialect } from '../dialect'
import { assertUnreachable, QueryError } from '../errors'
import { fieldFilterPieces, type NativePiece } from './field-filter'
import { type SqlToken, tokenizeSql } from './tokenize'

export interface RenderNativeOptions {
  dialect: SqlDialect
  /** Declared variables; one used in the SQL but not declared is a text variable without default. */
  variables: readonly NativeVariable[]
  /** Values from the user; null, undefined or '' mean "not given" (the default, if any, applies). */
  values: Readonly<Record<string, unknown>>
  /** The source's catalog: field filters name a column of it (needed only when there is one). */
  catalog?: Catalog | null
}

export interface RenderedNativeSql {
  sql: string
  params: unknown[]
}

type Piece = NativePiece

/**
 * Metabase semantics: `{{name}}` becomes a bind parameter (never text); `[[ ... ]]` around a variable is
 * dropped when that variable has no value; a variable outside brackets without value or default is an error.
 */
export function renderNativeSql(sql: string, options: RenderNativeOptions): RenderedNativeSql {
  return finalize(renderNativePieces(sql, options), options.dialect)
}

/** The SQL as text and values in order, for callers that number placeholders themselves (subqueries). */
export function renderNativePieces(sql: string, options: RenderNativeOptions): NativePiece[] {
  const tokens = tokenizeSql(sql, options.dialect)
  const declared = new Map(options.variables.map((v) => [v.name, v]))
  const out: Piece[] = []
  let section: { pieces: Piece[]; missing: boolean; hasVariable: boolean; open: SqlToken } | null = null

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    const target = section ? section.pieces : out
    if (token.kind === 'string' && /\{\{\s*[A-Za-z_]\w*\s*\}\}/.test(token.text)) {
      throw new QueryError(
        'SQL_VARIABLE_IN_STRING',
        `A variable inside quotes at position ${token.start + 1} cannot be a parameter; write {{name}} without quotes`,
        { position: token.start + 1 },
      )
    }
    if (token.kind === 'placeholder') {
      throw new QueryError(
        'SQL_UNEXPECTED_PLACEHOLDER',
        `Use {{name}} variables instead of ${token.text} at position ${token.start + 1}`,
        { position: token.start + 1 },
      )
    }
    const variable = matchVariable(tokens, i)
    if (variable) {
      const definition: NativeVariable = declared.get(variable.name) ?? {
        name: variable.name,
        type: 'text',
        default: null,
        field: null,
      }
      i = variable.end - 1
      if (section) section.hasVariable = true
      if (definition.type === 'field-filter') {
        // Never "missing": without a value it becomes 1 = 1, so an optional section around it stays.
        const given = options.values[variable.name]
        target.push(...fieldFilterPieces(definition, given, options.dialect, options.catalog ?? null))
        continue
      }
      const value = variableValue(definition, options.values[variable.name])
      if (value === null) {
        if (!section) {
          throw new QueryError('SQL_VARIABLE_REQUIRED', `Variable "${variable.name}" needs a value`, {
            variable: variable.name,
          })
        }
        section.missing = true
      }
      // Dates need a cast; text and numbers take their type from the surrounding expression.
      target.push({ value, cast: definition.type === 'date' ? 'date' : null })
    } else if (isPair(tokens, i, '[') && !section) {
      section = { pieces: [], missing: false, hasVariable: false, open: token }
      i++
    } else if (isPair(tokens, i, ']') && section) {
      if (!section.hasVariable) out.push({ text: '[[' }, ...section.pieces, { text: ']]' })
      else if (!section.missing) out.push(...section.pieces)
      section = null
      i++
    } else {
      target.push({ text: token.text })
    }
  }
  if (section) {
    throw new QueryError(
      'SQL_PARSE_ERROR',
      `Optional section [[ at position ${section.open.start + 1} is not closed`,
      {
        position: section.open.start + 1,
      },
    )
  }
  return out
}

function finalize(pieces: Piece[], dialectName: SqlDialect): RenderedNativeSql {
  const dialect = getDialect(dialectName)
  const params: unknown[] = []
  let sql = ''
  for (const piece of pieces) {
    if ('text' in piece) {
      sql += piece.text
      continue
    }
    params.push(piece.value)
    const placeholder = dialect.placeholder(params.length)
    sql += piece.cast === null ? placeholder : dialect.typedPlaceholder(placeholder, piece.cast)
  }
  return { sql, params }
}

function isPair(tokens: SqlToken[], i: number, char: string): boolean {
  const a = tokens[i]
  const b = tokens[i + 1]
  return a?.kind === 'punct' && a.text === char && b?.kind === 'punct' && b.text === char
}

/** `{{ name }}` starting at token i: returns the name and the index after the closing braces. */
function matchVariable(tokens: SqlToken[], i: number): { name: string; end: number } | null {
  if (!isPair(tokens, i, '{')) return null
  let j = i + 2
  if (tokens[j]?.kind === 'space') j++
  const name = tokens[j]
  if (name?.kind !== 'word') return null
  j++
  if (tokens[j]?.kind === 'space') j++
  if (!isPair(tokens, j, '}')) return null
  return { name: name.text, end: j + 2 }
}

function variableValue(variable: NativeVariable, given: unknown): unknown {
  const raw = given === undefined || given === null || given === '' ? variable.default : given
  if (raw === null || raw === undefined || raw === '') return null
  // Lists and ranges are for field filters only.
  if (typeof raw === 'object' && !(raw instanceof Date)) return invalid(variable, raw)
  switch (variable.type) {
    case 'text':
      if (typeof raw !== 'string' && typeof raw !== 'number') return invalid(variable, raw)
      return String(raw)
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : Number.NaN
      return Number.isFinite(n) ? n : invalid(variable, raw)
    }
    case 'date': {
      const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : raw
      if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text))) {
        return invalid(variable, raw)
      }
      return text
    }
    case 'field-filter':
      throw new Error('field filters are rendered by fieldFilterPieces')
    default:
      return assertUnreachable(variable.type)
  }
}

function invalid(variable: NativeVariable, value: unknown): never {
  throw new QueryError('SQL_VARIABLE_INVALID', `Variable "${variable.name}" needs a ${variable.type}`, {
    variable: variable.name,
    type: variable.type,
    value: typeof value === 'object' ? JSON.stringify(value) : String(value),
  })
}
