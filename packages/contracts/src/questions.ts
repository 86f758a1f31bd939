import { z } from 'zod'
import { NATIVE_VARIABLE_TYPES, nativeVariableSchema, querySchema } from './query'
import { runIdSchema, runParametersSchema } from './query-run'
import { cachePolicySchema } from './sources'

/**
 * Saved questions and the collections (folders) that hold them. A question is a query (native SQL with
 * `{{variables}}`, or the builder AST) on one source, plus its visualization settings and cache policy.
 */

export const QUESTION_ERROR_CODES = [
  'COLLECTION_NOT_EMPTY',
  'COLLECTION_CYCLE',
  'QUESTION_SOURCE_MISMATCH',
  'QUESTION_VISUALIZATION_INVALID',
] as const
export type QuestionErrorCode = (typeof QUESTION_ERROR_CODES)[number]

export const QUESTION_AUDIT_ACTIONS = [
  'collection.created',
  'collection.updated',
  'collection.deleted',
  'collection.permissions_changed',
  'question.created',
  'question.updated',
  'question.deleted',
] as const

// ---------- collections ----------

export const COLLECTION_ACCESS_LEVELS = ['view', 'edit'] as const
export const collectionAccessSchema = z.enum(COLLECTION_ACCESS_LEVELS)
export type CollectionAccess = z.infer<typeof collectionAccessSchema>

export const apiCollectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  /** null at the top, or when the caller cannot see the parent. */
  parentId: z.string().nullable(),
  /** The caller's effective access: grants on the collection or any ancestor; admins always `edit`. */
  access: collectionAccessSchema,
  createdAt: z.string(),
})
export type ApiCollection = z.infer<typeof apiCollectionSchema>

export const collectionBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).default(''),
  parentId: z.string().max(100).nullable().default(null),
})
export type CollectionBody = z.input<typeof collectionBodySchema>

export const collectionGrantSchema = z.object({
  subjectType: z.enum(['user', 'group']),
  subjectId: z.string().min(1).max(100),
  level: collectionAccessSchema,
})
export type CollectionGrant = z.infer<typeof collectionGrantSchema>

export const collectionPermissionsSchema = z.object({ grants: z.array(collectionGrantSchema).max(500) })
export type CollectionPermissions = z.infer<typeof collectionPermissionsSchema>

// ---------- questions ----------

export const QUESTION_VARIABLE_TYPES = NATIVE_VARIABLE_TYPES

/** A `{{name}}` of a native question (see `nativeVariableSchema`: text, number, date or field filter). */
export const questionVariableSchema = nativeVariableSchema
export type QuestionVariable = z.infer<typeof questionVariableSchema>

export const questionQuerySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('native'),
    sql: z.string().min(1).max(200_000),
    variables: z.array(questionVariableSchema).max(100),
  }),
  z.object({ kind: z.literal('builder'), query: querySchema }),
])
export type QuestionQuery = z.infer<typeof questionQuerySchema>

/** `inherit` = the source's policy; otherwise one of the source cache policies, for this question only. */
export const questionCachePolicySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('inherit') }),
  ...cachePolicySchema.options,
])
export type QuestionCachePolicy = z.infer<typeof questionCachePolicySchema>

/** Opaque to the questions module; checked against the chart spec of `charts` when that is present. */
export const visualizationSettingsSchema = z.record(z.string(), z.unknown()).nullable()

export const apiQuestionSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  collectionId: z.string(),
  sourceId: z.string(),
  query: questionQuerySchema,
  visualization: visualizationSettingsSchema,
  cachePolicy: questionCachePolicySchema,
  /** The caller's access through the collection. */
  access: collectionAccessSchema,
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type ApiQuestion = z.infer<typeof apiQuestionSchema>

export const apiQuestionSummarySchema = apiQuestionSchema
  .pick({
    id: true,
    name: true,
    description: true,
    collectionId: true,
    sourceId: true,
    access: true,
    updatedAt: true,
  })
  .extend({ kind: z.enum(['native', 'builder']) })
export type ApiQuestionSummary = z.infer<typeof apiQuestionSummarySchema>

export const questionBodySchema = z.object({
  name: z.string().trim().min(1).max(300),
  description: z.string().trim().max(5000).default(''),
  collectionId: z.string().min(1).max(100),
  sourceId: z.string().min(1).max(100),
  query: questionQuerySchema,
  visualization: visualizationSettingsSchema.default(null),
  cachePolicy: questionCachePolicySchema.default({ kind: 'inherit' }),
})
export type QuestionBody = z.input<typeof questionBodySchema>

export const questionListQuerySchema = z.object({
  collectionId: z.string().max(100).optional(),
  search: z.string().max(200).optional(),
})

/** POST /api/questions/:id/run: the saved query with its cache policy; answers `QueryRunResult`. */
export const questionRunBodySchema = z.object({
  parameters: runParametersSchema,
  refresh: z.boolean().default(false),
  runId: runIdSchema.optional(),
})
export type QuestionRunBody = z.input<typeof questionRunBodySchema>
