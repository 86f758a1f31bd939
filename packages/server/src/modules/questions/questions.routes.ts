import {
  apiQuestionSchema,
  apiQuestionSummarySchema,
  questionBodySchema,
  questionListQuerySchema,
} from '@vitrina/contracts'
import { z } from 'zod'
import type { AppInstance } from '../../http/app-types'
import { actorFrom } from '../../http/request-actor'
import { type QuestionQueryRunner, registerQuestionRunRoutes } from './question-runs.routes'
import type { QuestionsService } from './questions.service'

const idParams = z.object({ id: z.string().max(100) })
const tags = ['questions']

/** Saved questions: reading needs view on the collection, writing is for analysts with edit on it. */
export function registerQuestionRoutes(
  app: AppInstance,
  deps: { questions: QuestionsService; queryRuns: QuestionQueryRunner },
): void {
  const viewer = { access: 'viewer' } as const
  const analyst = { access: 'analyst' } as const
  app.get(
    '/api/questions',
    {
      config: viewer,
      schema: {
        tags,
        querystring: questionListQuerySchema,
        response: { 200: z.object({ questions: z.array(apiQuestionSummarySchema) }) },
      },
    },
    async (request) => ({ questions: await deps.questions.list(actorFrom(request), request.query) }),
  )
  app.get(
    '/api/questions/:id',
    { config: viewer, schema: { tags, params: idParams, response: { 200: apiQuestionSchema } } },
    async (request) => deps.questions.get(actorFrom(request), request.params.id),
  )
  app.post(
    '/api/questions',
    { config: analyst, schema: { tags, body: questionBodySchema, response: { 201: apiQuestionSchema } } },
    async (request, reply) =>
      reply.code(201).send(await deps.questions.create(actorFrom(request), request.body)),
  )
  app.put(
    '/api/questions/:id',
    {
      config: analyst,
      schema: { tags, params: idParams, body: questionBodySchema, response: { 200: apiQuestionSchema } },
    },
    async (request) => deps.questions.update(actorFrom(request), request.params.id, request.body),
  )
  app.delete(
    '/api/questions/:id',
    { config: analyst, schema: { tags, params: idParams } },
    async (request, reply) => {
      await deps.questions.delete(actorFrom(request), request.params.id)
      return reply.code(204).send()
    },
  )
  registerQuestionRunRoutes(app, deps)
}
