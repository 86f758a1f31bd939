import { assertReadOnlySql } from './guard'
import { type RenderedNativeSql, type RenderNativeOptions, renderNativeSql } from './variables'

/**
 * What the server runs for a native question: variables become bind parameters, then the guard checks the
 * statement that will actually be sent (optional sections may have been dropped).
 */
export function prepareNativeSql(sql: string, options: RenderNativeOptions): RenderedNativeSql {
  const rendered = renderNativeSql(sql, options)
  assertReadOnlySql(rendered.sql, options.dialect)
  return rendered
}
