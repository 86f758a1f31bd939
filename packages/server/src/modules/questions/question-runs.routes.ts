import {
  type CachePolicy,
  compiledSqlSchema,
  type QueryRunResult,
  queryRunResultSchema,
  questionRunBodySchema,
  runQueryBodySchema,
} from '@vitrina/contracts'
import { z } from 'zod'
import type { AppInstance } from '../../http/app-types'
import type { Actor } from '../../http/principal'
import { actorFrom } from '../../http/request-actor'
import type { SavedQuestionLookup } from '../query-run/source-questions'
import type { QuestionsService } from './questions.service'

type RunInput = z.output<typeof runQueryBodySchema>
interface RunOptions {
  cachePolicy?: CachePolicy
  questionId?: string
  resolveQuestion?: SavedQuestionLookup
}

/** The part of the query engine questions need (modules/query-run's service fits). */
export interface QuestionQueryRunner {
  run(
    actor: Actor,
    input: RunInput,
    options: RunOptions,
  ): Promise<{
    runId: string
    compiled: { sql: string; params: unknown[] }
    outcome: {
      cached: boolean
      computedAt: number
      body(): Omit<QueryRunResult, 'runId' | 'cached' | 'cacheAgeSeconds' | 'compiled'>
    }
  }>
  compile(actor: Actor, input: RunInput, options: RunOptions): Promise<{ sql: string; params: unknown[] }>
}

const idParams = z.object({ id: z.string().max(100) })
const tags = ['questions']

/**
 * Runs that involve saved questions: a saved question as stored (its cache policy, its id in the audit), and
 * drafts whose builder source is a saved question (the chain is resolved with the caller's view access).
 * Anything else goes to `/api/query/*` directly.
 */
export function registerQuestionRunRoutes(
  app: AppInstance,
  deps: { questions: QuestionsService; queryRuns: QuestionQueryRunner },
): void {
  const viewer = { access: 'viewer' } as const
  const answer = async (actor: Actor, input: RunInput, options: RunOptions): Promise<QueryRunResult> => {
    const { runId, compiled, outcome } = await deps.queryRuns.run(actor, input, options)
    const cacheAgeSeconds = outcome.cached
      ? Math.max(0, Math.round((Date.now() - outcome.computedAt) / 1000))
      : null
    return { ...outcome.body(), runId, cached: outcome.cached, cacheAgeSeconds, compiled }
  }
  const draftOptions = async (actor: Actor, input: RunInput): Promise<RunOptions> =>
    input.query.kind === 'builder'
      ? { resolveQuestion: await deps.questions.builderQueryResolver(actor, input.query.query) }
      : {}

  app.post(
    '/api/questions/:id/run',
    {
      config: viewer,
      schema: {
        tags,
        params: idParams,
        body: questionRunBodySchema,
        response: { 200: queryRunResultSchema },
      },
    },
    async (request) => {
      const actor = actorFrom(request)
      const { input, options } = await deps.questions.runRequest(actor, request.params.id, request.body)
      return answer(actor, input, options)
    },
  )
  app.post(
    '/api/question-drafts/run',
    { config: viewer, schema: { tags, body: runQueryBodySchema, response: { 200: queryRunResultSchema } } },
    async (request) => {
      const actor = actorFrom(request)
      return answer(actor, request.body, await draftOptions(actor, request.body))
    },
  )
  app.post(
    '/api/question-drafts/compile',
    { config: viewer, schema: { tags, body: runQueryBodySchema, response: { 200: compiledSqlSchema } } },
    async (request) => {
      const actor = actorFrom(request)
      return deps.queryRuns.compile(actor, request.body, await draftOptions(actor, request.body))
    },
  )
}
