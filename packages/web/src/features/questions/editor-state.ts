import {
  type ApiQuestion,
  type ParameterValue,
  type Query,
  type QuestionBody,
  type QuestionCachePolicy,
  type QuestionVariable,
  type RunnableQuery,
  type SourceCatalog,
  type SqlDialect,
  WAREHOUSE_SOURCE_ID,
} from '@vitrina/contracts'
import { emptyQuery } from './builder/builder-model'
import { expandFieldFilters } from './sql/field-filters'

export type EditorMode = 'sql' | 'builder'

/** Everything the editor holds before it is saved; run results are kept apart (see `useQueryRun`). */
export interface EditorDraft {
  id: string | null
  name: string
  description: string
  collectionId: string | null
  sourceId: string
  mode: EditorMode
  sql: string
  variables: QuestionVariable[]
  builder: Query
  cachePolicy: QuestionCachePolicy
  visualization: Record<string, unknown> | null
}

export function newDraft(mode: EditorMode, collectionId: string | null): EditorDraft {
  return {
    id: null,
    name: '',
    description: '',
    collectionId,
    sourceId: WAREHOUSE_SOURCE_ID,
    mode,
    sql: '',
    variables: [],
    builder: emptyQuery(null),
    cachePolicy: { kind: 'inherit' },
    visualization: null,
  }
}

export function draftOf(question: ApiQuestion): EditorDraft {
  const base = newDraft(question.query.kind === 'native' ? 'sql' : 'builder', question.collectionId)
  return {
    ...base,
    id: question.id,
    name: question.name,
    description: question.description,
    sourceId: question.sourceId,
    cachePolicy: question.cachePolicy,
    visualization: question.visualization,
    ...(question.query.kind === 'native'
      ? { sql: question.query.sql, variables: question.query.variables }
      : { builder: question.query.query }),
  }
}

export interface RunContext {
  values: Readonly<Record<string, ParameterValue>>
  catalog: SourceCatalog | null
  dialect: SqlDialect
}

/**
 * What `/api/query/run` receives. `sqlText` is the selection when the user ran only part of the SQL; field
 * filters are expanded here, where the catalog gives the column's type (throws `FieldFilterError`).
 */
export function runnableOf(draft: EditorDraft, ctx: RunContext, sqlText?: string): RunnableQuery {
  if (draft.mode === 'builder') return { kind: 'builder', query: draft.builder }
  const expanded = expandFieldFilters(
    sqlText ?? draft.sql,
    draft.variables,
    ctx.values,
    ctx.catalog,
    ctx.dialect,
  )
  return { kind: 'native', ...expanded }
}

/** Field filters are expanded by the editor, so a question with one always runs as an ad-hoc query. */
export function hasFieldFilter(draft: EditorDraft): boolean {
  return draft.mode === 'sql' && draft.variables.some((v) => v.type === 'field-filter')
}

export function parametersOf(
  draft: EditorDraft,
  values: Record<string, ParameterValue>,
): Record<string, ParameterValue> {
  if (draft.mode === 'builder') return {}
  return Object.fromEntries(draft.variables.map((v) => [v.name, values[v.name] ?? null]))
}

export function bodyOf(draft: EditorDraft, collectionId: string): QuestionBody {
  return {
    name: draft.name,
    description: draft.description,
    collectionId,
    sourceId: draft.sourceId,
    query:
      draft.mode === 'builder'
        ? { kind: 'builder', query: draft.builder }
        : { kind: 'native', sql: draft.sql, variables: draft.variables },
    visualization: draft.visualization,
    cachePolicy: draft.cachePolicy,
  }
}

export function canRun(draft: EditorDraft): boolean {
  return draft.mode === 'sql'
    ? draft.sql.trim() !== ''
    : draft.builder.source.kind === 'question' || draft.builder.source.name !== ''
}

/** Whether the query (not the name or chart) differs from the stored question. */
export function isDirty(draft: EditorDraft, saved: EditorDraft): boolean {
  const queryOf = (d: EditorDraft) =>
    JSON.stringify([d.sourceId, d.mode, d.mode === 'sql' ? [d.sql, d.variables] : d.builder, d.cachePolicy])
  return queryOf(draft) !== queryOf(saved)
}
