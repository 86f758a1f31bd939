import {
  type QuestionQuery,
  questionQuerySchema,
  type SqlDialect,
  WAREHOUSE_SOURCE_ID,
} from '@vitrina/contracts'
import type { SystemDb } from '../../db/system-db'
import { datasetsOfSql } from '../query-run/data-versions'

/** A saved question that reads a dataset's table (deleting the dataset would break it). */
export interface QuestionUse {
  id: string
  name: string
  collectionId: string
}

const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v)

/** Whether a saved question on the source reads the table: a builder source or join, or a name in its SQL. */
export function readsTable(
  query: QuestionQuery,
  table: { schema: string; name: string },
  dialect: SqlDialect,
): boolean {
  if (query.kind === 'native') {
    const version = { datasetId: '', schema: table.schema, table: table.name, version: 0 }
    return datasetsOfSql(query.sql, dialect, [version]).length > 0
  }
  const q = query.query
  const refs = [...q.joins.map((j) => j.table), ...(q.source.kind === 'table' ? [q.source] : [])]
  return refs.some((r) => r.schema === table.schema && r.name === table.name)
}

/**
 * The saved questions on `sourceId` (the built-in warehouse for uploaded datasets) that read the table. Each
 * question is checked directly; one built on such a question is listed through it.
 */
export async function questionsReading(
  db: SystemDb,
  table: { schema: string; name: string },
  dialect: SqlDialect,
  sourceId: string = WAREHOUSE_SOURCE_ID,
): Promise<QuestionUse[]> {
  const rows = await db
    .selectFrom('questions')
    .select(['id', 'name', 'collection_id', 'query'])
    .where('source_id', '=', sourceId)
    .orderBy('name')
    .execute()
  const found: QuestionUse[] = []
  for (const r of rows) {
    const parsed = questionQuerySchema.safeParse(json(r.query))
    if (parsed.success && readsTable(parsed.data, table, dialect))
      found.push({ id: r.id, name: r.name, collectionId: r.collection_id })
  }
  return found
}
