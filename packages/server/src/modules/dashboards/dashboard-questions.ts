import type { ApiDashboardQuestion, Query } from '@vitrina/contracts'
import type { DbQuestion } from '../../db/schema'
import { presentQuestion } from '../questions/questions.presenter'

/** The tables a builder query reads: its source table (alias null) and every join. */
export function tablesOf(query: Query): ApiDashboardQuestion['tables'] {
  const source =
    query.source.kind === 'table'
      ? [{ alias: null, schema: query.source.schema, name: query.source.name }]
      : []
  return [
    ...source,
    ...query.joins.map((j) => ({ alias: j.alias, schema: j.table.schema, name: j.table.name })),
  ]
}

/**
 * Result columns that come from a group-by on a field, named as the compiler names them (the breakout's
 * name, else `column` or `alias.column`, made unique with `_2`, `_3` in breakout order).
 */
export function dimensionsOf(query: Query): ApiDashboardQuestion['dimensions'] {
  const used = new Set<string>()
  const out: ApiDashboardQuestion['dimensions'] = []
  for (const b of query.breakouts) {
    const wanted =
      b.name ??
      (b.field.kind === 'expression'
        ? b.field.name
        : b.field.table === null
          ? b.field.column
          : `${b.field.table}.${b.field.column}`)
    let name = wanted
    for (let n = 2; used.has(name); n++) name = `${wanted}_${n}`
    used.add(name)
    if (b.field.kind === 'field')
      out.push({ column: name, field: { table: b.field.table, column: b.field.column }, bucket: b.bucket })
  }
  return out
}

/** What a question card needs to draw and be wired, without the SQL or the whole query. */
export function presentDashboardQuestion(row: DbQuestion): ApiDashboardQuestion {
  const q = presentQuestion(row, 'view')
  const builder = q.query.kind === 'builder' ? q.query.query : null
  return {
    id: q.id,
    name: q.name,
    sourceId: q.sourceId,
    kind: q.query.kind,
    visualization: q.visualization,
    variables: q.query.kind === 'native' ? q.query.variables : [],
    tables: builder ? tablesOf(builder) : [],
    dimensions: builder ? dimensionsOf(builder) : [],
    updatedAt: q.updatedAt,
  }
}
