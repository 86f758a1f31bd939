import type { SqlDialect } from '@vitrina/contracts'
import { QueryError } from '../errors'

export type SqlTokenKind =
  | 'space'
  | 'comment'
  /** String literal of any form: '...', E'...', $tag$...$tag$, MySQL "...". */
  | 'string'
  /** Quoted identifier: "..." (PostgreSQL, DuckDB) or `...` (MySQL); `value` is the unquoted name. */
  | 'identifier'
  /** Bare word: keyword or identifier; `value` is upper-cased. */
  | 'word'
  | 'number'
  /** Bind placeholder already present: $1 (PostgreSQL, DuckDB) or ? (MySQL). */
  | 'placeholder'
  /** Any other single character: ; ( ) , . [ ] { } operators. */
  | 'punct'

export interface SqlToken {
  kind: SqlTokenKind
  text: string
  value: string
  start: number
}

/**
 * A lossless lexer (joining every token's text gives the input back) that knows where each engine's
 * strings, quoted identifiers and comments end, so keywords inside them are never mistaken for code.
 */
export function tokenizeSql(sql: string, dialect: SqlDialect): SqlToken[] {
  const tokens: SqlToken[] = []
  const mysql = dialect === 'mysql'
  let i = 0
  const push = (kind: SqlTokenKind, end: number, value?: string) => {
    const text = sql.slice(i, end)
    tokens.push({ kind, text, value: value ?? text, start: i })
    i = end
  }
  while (i < sql.length) {
    const c = sql[i]!
    const next = sql[i + 1] ?? ''
    if (/\s/.test(c)) {
      let j = i + 1
      while (j < sql.length && /\s/.test(sql[j]!)) j++
      push('space', j)
    } else if (c === '-' && next === '-' && (!mysql || /^[\s]?$/.test(sql[i + 2] ?? ''))) {
      // MySQL needs a space after "--": `1--1` is arithmetic there.
      push('comment', lineEnd(sql, i))
    } else if (c === '#' && mysql) {
      push('comment', lineEnd(sql, i))
    } else if (c === '/' && next === '*') {
      push('comment', blockCommentEnd(sql, i, !mysql))
    } else if (c === "'") {
      push('string', quotedEnd(sql, i, "'", mysql || isEscapeStringPrefix(tokens)))
    } else if (c === '"') {
      if (mysql) push('string', quotedEnd(sql, i, '"', true))
      else {
        const end = quotedEnd(sql, i, '"', false)
        push('identifier', end, sql.slice(i + 1, end - 1).replaceAll('""', '"'))
      }
    } else if (c === '`' && mysql) {
      const end = quotedEnd(sql, i, '`', false)
      push('identifier', end, sql.slice(i + 1, end - 1).replaceAll('``', '`'))
    } else if (c === '$' && !mysql && /[0-9]/.test(next)) {
      const match = /^\$[0-9]+/.exec(sql.slice(i))!
      push('placeholder', i + match[0].length)
    } else if (c === '$' && !mysql && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(sql.slice(i))) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))![0]
      const close = sql.indexOf(tag, i + tag.length)
      if (close === -1) unterminated('dollar-quoted string', i)
      push('string', close + tag.length)
    } else if (c === '?' && mysql) {
      push('placeholder', i + 1)
    } else if (/[\p{L}_]/u.test(c)) {
      const match = /^[\p{L}_][\p{L}\p{N}_$]*/u.exec(sql.slice(i))!
      push('word', i + match[0].length, match[0].toUpperCase())
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next))) {
      const match = /^(?:[0-9]*\.)?[0-9]+(?:[eE][+-]?[0-9]+)?\.?/.exec(sql.slice(i))!
      push('number', i + match[0].length)
    } else {
      push('punct', i + 1)
    }
  }
  return tokens
}

function unterminated(what: string, at: number): never {
  throw new QueryError('SQL_PARSE_ERROR', `Unterminated ${what} starting at position ${at + 1}`, {
    position: at + 1,
  })
}

function lineEnd(sql: string, from: number): number {
  const end = sql.indexOf('\n', from)
  return end === -1 ? sql.length : end
}

/** PostgreSQL and DuckDB block comments nest; MySQL's end at the first `*\/`. */
function blockCommentEnd(sql: string, from: number, nested: boolean): number {
  let depth = 0
  let i = from
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth = nested ? depth + 1 : 1
      i += 2
    } else if (sql.startsWith('*/', i)) {
      depth--
      i += 2
      if (depth === 0) return i
    } else {
      i++
    }
  }
  return unterminated('comment', from)
}

/** End (exclusive) of a quoted run; a doubled quote is an escaped quote, and so is \' where backslashes escape. */
function quotedEnd(sql: string, from: number, quote: string, backslashEscapes: boolean): number {
  let i = from + 1
  while (i < sql.length) {
    const c = sql[i]!
    if (backslashEscapes && c === '\\') {
      i += 2
    } else if (c === quote) {
      if (sql[i + 1] === quote) i += 2
      else return i + 1
    } else {
      i++
    }
  }
  return unterminated(quote === '`' || quote === '"' ? `quoted name ${quote}` : 'string', from)
}

/** PostgreSQL/DuckDB E'...' strings use backslash escapes; the E was lexed as a word just before. */
function isEscapeStringPrefix(tokens: SqlToken[]): boolean {
  const last = tokens[tokens.length - 1]
  return last !== undefined && last.kind === 'word' && last.value === 'E'
}

/** Tokens that carry meaning (no spaces or comments). */
export function significant(tokens: SqlToken[]): SqlToken[] {
  return tokens.filter((t) => t.kind !== 'space' && t.kind !== 'comment')
}
