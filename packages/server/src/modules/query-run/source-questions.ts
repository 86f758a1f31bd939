import type { NativeVariable, Query, SqlDialect } from '@vitrina/contracts'
import type { SourceQuestion } from '@vitrina/query'
import { type DatasetVersion, datasetsOfSql } from './data-versions'

/** A saved question as another builder question reads it: its builder query, or its SQL and variables. */
export type SavedSourceQuestion =
  | { kind: 'builder'; query: Query }
  | { kind: 'native'; sql: string; variables: NativeVariable[] }

/** Saved questions by id, loaded (with the caller's view access) by the questions module. */
export type SavedQuestionLookup = (id: string) => SavedSourceQuestion | null

/** The saved questions under a builder query, from its source down; stops at a cycle (compile reports it). */
export function sourceChain(
  query: Query,
  lookup: SavedQuestionLookup | undefined,
): [string, SavedSourceQuestion][] {
  const chain: [string, SavedSourceQuestion][] = []
  let source = query.source
  while (source.kind === 'question' && lookup) {
    const id = source.id
    const saved = chain.some(([seen]) => seen === id) ? null : lookup(id)
    if (!saved) break
    chain.push([id, saved])
    if (saved.kind === 'native') break
    source = saved.query.source
  }
  return chain
}

/**
 * The warehouse datasets a builder query reads: its table and joined tables, and those of every saved question
 * under it (builder: their tables; SQL: any dataset table named in it), so an upload changes its cache key.
 */
export function datasetsOfBuilder(
  query: Query,
  datasets: DatasetVersion[],
  dialect: SqlDialect,
  lookup?: SavedQuestionLookup,
): DatasetVersion[] {
  const chain = sourceChain(query, lookup).map(([, q]) => q)
  const builders = [query, ...chain.flatMap((q) => (q.kind === 'builder' ? [q.query] : []))]
  const tables = builders.flatMap((q) => [
    ...q.joins.map((j) => j.table),
    ...(q.source.kind === 'table' ? [q.source] : []),
  ])
  const named = new Set(
    chain.flatMap((q) => (q.kind === 'native' ? datasetsOfSql(q.sql, dialect, datasets) : [])),
  )
  return datasets.filter(
    (d) => named.has(d) || tables.some((t) => t.schema === d.schema && t.name === d.table),
  )
}

/** The compile-time lookup: builder questions as they are, SQL ones with their run's values and columns. */
export function compileLookup(
  lookup: SavedQuestionLookup | undefined,
  described: ReadonlyMap<string, Extract<SourceQuestion, { kind: 'native' }>>,
): (id: string) => SourceQuestion | null {
  return (id) => {
    const native = described.get(id)
    if (native) return native
    const saved = lookup?.(id) ?? null
    return saved?.kind === 'builder' ? saved : null
  }
}
