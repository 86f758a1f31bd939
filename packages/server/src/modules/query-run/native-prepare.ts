import { prepareNativeSql, type RenderedNativeSql, type RenderNativeOptions } from '@vitrina/query'
import { LRUCache } from 'lru-cache'

/**
 * `prepareNativeSql` (variables → bind parameters, read-only guard) remembered for the same SQL, variables
 * and values (and catalog version, for field filters): a repeated question (a cache hit) skips the lexer.
 * Failures are not remembered.
 */
export function createNativePreparer(max = 1000) {
  const memo = new LRUCache<string, RenderedNativeSql>({ max })
  return (sql: string, options: RenderNativeOptions, catalogVersion = ''): RenderedNativeSql => {
    const key = JSON.stringify([options.dialect, sql, options.variables, options.values, catalogVersion])
    const known = memo.get(key)
    if (known) return known
    const rendered = prepareNativeSql(sql, options)
    memo.set(key, rendered)
    return rendered
  }
}
