import {
  type ApiQuestion,
  type Query,
  type QuestionBody,
  type QuestionCachePolicy,
  type QuestionVariable,
  type RunnableQuery,
  type RunParameterValue,
  WAREHOUSE_SOURCE_ID,
} from '@vitrina/contracts'
import { emptyQuery } from './builder/builder-model'

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

/**
 * What `/api/query/run` receives. `sqlText` is the selection when the user ran only part of the SQL; field
 * filters go to the server as they are (it checks the column against the catalog and binds the values).
 */
export function runnableOf(draft: EditorDraft, sqlText?: string): RunnableQuery {
  if (draft.mode === 'builder') return { kind: 'builder', query: draft.builder }
  return { kind: 'native', sql: sqlText ?? draft.sql, variables: draft.variables }
}

export function parametersOf(
  draft: EditorDraft,
  values: Record<string, RunParameterValue>,
): Record<string, RunParameterValue> {
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
