import type { CachePolicy, questionRunBodySchema, runQueryBodySchema } from '@vitrina/contracts'
import type { z } from 'zod'
import type { DbQuestion } from '../../db/schema'
import type { SavedQuestionLookup } from '../query-run/source-questions'
import { presentQuestion } from './questions.presenter'

export interface SavedQuestionRun {
  input: z.output<typeof runQueryBodySchema>
  options: { cachePolicy?: CachePolicy; questionId: string; resolveQuestion: SavedQuestionLookup }
}

/** The run request of a saved question: its stored query, its own cache policy unless it inherits the source's. */
export function savedQuestionRun(
  row: DbQuestion,
  body: z.output<typeof questionRunBodySchema>,
  resolveQuestion: SavedQuestionLookup,
): SavedQuestionRun {
  const question = presentQuestion(row, 'view')
  // Field filters are expanded by the query engine against the source's catalog, like any variable.
  const query: SavedQuestionRun['input']['query'] = question.query
  const policy = question.cachePolicy
  return {
    input: {
      sourceId: question.sourceId,
      query,
      parameters: body.parameters,
      refresh: body.refresh,
      runId: body.runId,
    },
    options: {
      ...(policy.kind === 'inherit' ? {} : { cachePolicy: policy }),
      questionId: question.id,
      resolveQuestion,
    },
  }
}
