import {
  type ApiQuestion,
  type ApiQuestionSummary,
  chartSpecSchema,
  type Query,
  type questionBodySchema,
  type questionRunBodySchema,
} from '@vitrina/contracts'
import type { z } from 'zod'
import type { SystemDb } from '../../db/system-db'
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../../http/errors'
import type { Actor } from '../../http/principal'
import { newId } from '../../lib/tokens'
import type { AuditRepo } from '../audit/audit.repo'
import type { CollectionAccessMap } from '../collections/collections.policy'
import type { CollectionsService } from '../collections/collections.service'
import type { SavedQuestionLookup, SavedSourceQuestion } from '../query-run/source-questions'
import { type SavedQuestionRun, savedQuestionRun } from './question-run'
import { loadSourceQuestions } from './question-sources'
import { presentQuestion, presentQuestionSummary, questionQueryOf } from './questions.presenter'
import type { QuestionRow, QuestionsRepo } from './questions.repo'

type QuestionInput = z.output<typeof questionBodySchema>

export function createQuestionsService(deps: {
  db: SystemDb
  repo: QuestionsRepo
  collections: CollectionsService
  audit: AuditRepo
}) {
  /** 404 when the actor cannot see the question's collection, 403 when they may only view it. */
  async function load(actor: Actor, id: string, wanted: 'view' | 'edit') {
    const row = await deps.repo.find(id)
    const access = await deps.collections.accessFor(actor)
    if (!row || access.levelOf(row.collection_id) === null) throw new NotFoundError('Question')
    if (wanted === 'edit' && !access.can(row.collection_id, 'edit'))
      throw new ForbiddenError('You may view this question but not change it')
    return { row, access }
  }

  async function validated(
    access: CollectionAccessMap,
    body: QuestionInput,
    selfId: string | null,
  ): Promise<Omit<QuestionRow, 'id'>> {
    if (access.levelOf(body.collectionId) === null) throw new NotFoundError('Collection')
    if (!access.can(body.collectionId, 'edit'))
      throw new ForbiddenError('You may not add questions to that collection')
    if (body.query.kind === 'builder')
      await loadSourceQuestions(deps.repo, access, body.query.query, { sourceId: body.sourceId, selfId })
    let visualization: Record<string, unknown> | null = null
    if (body.visualization !== null) {
      const spec = chartSpecSchema.safeParse(body.visualization)
      if (!spec.success)
        throw new AppError(
          400,
          'QUESTION_VISUALIZATION_INVALID',
          'The visualization settings are not a valid chart',
          {
            issues: spec.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
          },
        )
      visualization = spec.data as Record<string, unknown>
    }
    return {
      name: body.name,
      description: body.description,
      collection_id: body.collectionId,
      source_id: body.sourceId,
      query: body.query,
      visualization,
      cache_policy: body.cachePolicy,
    }
  }

  async function get(actor: Actor, id: string): Promise<ApiQuestion> {
    const { row, access } = await load(actor, id, 'view')
    return presentQuestion(row, access.levelOf(row.collection_id) ?? 'view')
  }

  return {
    get,

    async list(
      actor: Actor,
      filter: { collectionId?: string; search?: string },
    ): Promise<ApiQuestionSummary[]> {
      const access = await deps.collections.accessFor(actor)
      const visible = access.visibleIds()
      const collectionIds = filter.collectionId ? visible.filter((id) => id === filter.collectionId) : visible
      const rows = await deps.repo.list({ collectionIds, search: filter.search?.trim() || null })
      return rows.map((row) => presentQuestionSummary(row, access.levelOf(row.collection_id) ?? 'view'))
    },

    async create(actor: Actor, body: QuestionInput): Promise<ApiQuestion> {
      const access = await deps.collections.accessFor(actor)
      const id = newId()
      const row = { id, ...(await validated(access, body, null)) }
      await deps.db.transaction().execute(async (trx) => {
        await deps.repo.insert({ ...row, created_by: actor.id }, trx)
        await deps.audit.record(
          {
            action: 'question.created',
            actor,
            target: { type: 'question', id },
            details: { name: row.name, collectionId: row.collection_id, sourceId: row.source_id },
          },
          trx,
        )
      })
      return get(actor, id)
    },

    async update(actor: Actor, id: string, body: QuestionInput): Promise<ApiQuestion> {
      const { row: before, access } = await load(actor, id, 'edit')
      const row = { id, ...(await validated(access, body, id)) }
      await deps.db.transaction().execute(async (trx) => {
        await deps.repo.update({ ...row, updated_by: actor.id }, trx)
        await deps.audit.record(
          {
            action: 'question.updated',
            actor,
            target: { type: 'question', id },
            details: {
              before: { name: before.name, collectionId: before.collection_id, query: before.query },
              after: { name: row.name, collectionId: row.collection_id, query: row.query },
            },
          },
          trx,
        )
      })
      return get(actor, id)
    },

    async delete(actor: Actor, id: string): Promise<void> {
      const { row } = await load(actor, id, 'edit')
      await deps.db.transaction().execute(async (trx) => {
        const dependents = await deps.repo.dependents(id, trx)
        if (dependents.length > 0)
          throw new ConflictError(
            'CONFLICT',
            `Other questions read this one: ${dependents.map((d) => `"${d.name}"`).join(', ')}`,
          )
        await deps.repo.delete(id, trx)
        await deps.audit.record(
          {
            action: 'question.deleted',
            actor,
            target: { type: 'question', id },
            details: { name: row.name },
          },
          trx,
        )
      })
    },

    /** What the query engine runs for a saved question the actor may view. */
    async runRequest(
      actor: Actor,
      id: string,
      body: z.output<typeof questionRunBodySchema>,
    ): Promise<SavedQuestionRun> {
      const { row, access } = await load(actor, id, 'view')
      const saved = questionQueryOf(row)
      const sources =
        saved.kind === 'builder'
          ? await loadSourceQuestions(deps.repo, access, saved.query, { sourceId: null, selfId: id })
          : new Map<string, SavedSourceQuestion>()
      return savedQuestionRun(row, body, (sourceId) => sources.get(sourceId) ?? null)
    },

    /**
     * For running a builder query whose source is a saved question: loads the chain the actor may view and
     * returns the synchronous lookup `compile({ resolveQuestion })` expects.
     */
    async builderQueryResolver(actor: Actor, query: Query): Promise<SavedQuestionLookup> {
      if (query.source.kind !== 'question') return () => null
      const access = await deps.collections.accessFor(actor)
      const found = await loadSourceQuestions(deps.repo, access, query, { sourceId: null, selfId: null })
      return (id) => found.get(id) ?? null
    },
  }
}

export type QuestionsService = ReturnType<typeof createQuestionsService>
