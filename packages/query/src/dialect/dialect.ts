import type { CatalogColumnType, DateUnit, SqlDialect } from '@vitrina/contracts'

export type DatePart = 'year' | 'quarter' | 'month' | 'day' | 'weekday'

/**
 * Everything that differs between engines. Each method receives already-compiled SQL fragments and
 * returns a fragment; values never pass through here except as placeholders.
 */
export interface Dialect {
  readonly name: SqlDialect
  quoteIdentifier(name: string): string
  /** Placeholder for the 1-based parameter `index`. */
  placeholder(index: number): string
  /** A placeholder with an explicit type, for contexts where the engine cannot infer one. */
  typedPlaceholder(placeholder: string, type: CatalogColumnType): string
  /** Start of the bucket as a DATE; weeks start on Monday. */
  dateTrunc(sql: string, unit: DateUnit): string
  /** Integer date part; `weekday` is ISO (Monday = 1 ... Sunday = 7). */
  datePart(sql: string, part: DatePart): string
  /** Makes `/` a float division (PostgreSQL divides integers as integers). */
  toFloat(sql: string): string
  /** Concatenation where NULL counts as an empty string. */
  concat(args: string[]): string
  /** Rounds half away from zero to `digits` (a validated integer constant). */
  round(sql: string, digits: number): string
  /** `p` is a validated fraction in [0, 1], inlined because engines require a constant there. */
  percentile(sql: string, p: number): string
  median(sql: string): string
  like(sql: string, pattern: string, caseSensitive: boolean): string
  /** ORDER BY item keeping one null ordering everywhere: NULLs first ascending, last descending. */
  orderItem(sql: string, direction: 'asc' | 'desc'): string
}

export function quoteWith(quote: string, name: string): string {
  return quote + name.split(quote).join(quote + quote) + quote
}

/** LIKE escape character; `!` avoids backslash quirks (MySQL string escapes, standard_conforming_strings). */
export const LIKE_ESCAPE = '!'

export function escapeLike(value: string): string {
  return value.replace(/[!%_]/g, (c) => LIKE_ESCAPE + c)
}
