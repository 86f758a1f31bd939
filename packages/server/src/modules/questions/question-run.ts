import type { CachePolicy, Query, questionRunBodySchema, runQueryBodySchema } from '@vitrina/contracts'
import type { z } from 'zod'
import type { DbQuestion } from '../../db/schema'
import { AppError } from '../../http/errors'
import { presentQuestion } from './questions.presenter'

export interface SavedQuestionRun {
  input: z.output<typeof runQueryBodySchema>
  options: { cachePolicy?: CachePolicy; questionId: string; resolveQuestion: (id: string) => Query | null }
}

/** The run request of a saved question: its stored query, its own cache policy unless it inherits the source's. */
export function savedQuestionRun(
  row: DbQuestion,
  body: z.output<typeof questionRunBodySchema>,
  resolveQuestion: (id: string) => Query | null,
): SavedQuestionRun {
  const question = presentQuestion(row, 'view')
  let query: SavedQuestionRun['input']['query']
  if (question.query.kind === 'native') {
    const fieldFilter = question.query.variables.find((v) => v.type === 'field-filter')
    if (fieldFilter)
      throw new AppError(400, 'SQL_VARIABLE_INVALID', `Field filter {{${fieldFilter.name}}} cannot run yet`, {
        variable: fieldFilter.name,
      })
    query = {
      kind: 'native',
      sql: question.query.sql,
      variables: question.query.variables.map((v) => ({
        name: v.name,
        type: v.type as 'text' | 'number' | 'date',
        default: v.default,
      })),
    }
  } else {
    query = question.query
  }
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
