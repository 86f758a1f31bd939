import {
  type ApiQuestion,
  type ApiQuestionSummary,
  type CollectionAccess,
  type QuestionCachePolicy,
  type QuestionQuery,
  questionCachePolicySchema,
  questionQuerySchema,
} from '@vitrina/contracts'
import type { DbQuestion } from '../../db/schema'

// PGlite returns jsonb parsed; some drivers hand back text.
const parsed = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value)

export function questionQueryOf(row: DbQuestion): QuestionQuery {
  return questionQuerySchema.parse(parsed(row.query))
}

export function presentQuestion(row: DbQuestion, access: CollectionAccess): ApiQuestion {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    collectionId: row.collection_id,
    sourceId: row.source_id,
    query: questionQueryOf(row),
    visualization: (parsed(row.visualization) as Record<string, unknown> | null) ?? null,
    cachePolicy: questionCachePolicySchema.parse(parsed(row.cache_policy)) as QuestionCachePolicy,
    access,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

export function presentQuestionSummary(row: DbQuestion, access: CollectionAccess): ApiQuestionSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    collectionId: row.collection_id,
    sourceId: row.source_id,
    access,
    updatedAt: row.updated_at.toISOString(),
    kind: questionQueryOf(row).kind,
  }
}
