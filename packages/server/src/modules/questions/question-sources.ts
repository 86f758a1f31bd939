import type { Query } from '@vitrina/contracts'
import { AppError, NotFoundError } from '../../http/errors'
import type { CollectionAccessMap } from '../collections/collections.policy'
import type { SavedSourceQuestion } from '../query-run/source-questions'
import { questionQueryOf } from './questions.presenter'
import type { QuestionsRepo } from './questions.repo'

/**
 * Saved questions a builder question may read as its source, walked from `query` down its source chain: builder
 * questions, and a SQL question at the end of the chain (it reads tables, not questions). Each must be visible to
 * the caller and on the same source; a cycle is refused.
 */
export async function loadSourceQuestions(
  repo: QuestionsRepo,
  access: CollectionAccessMap,
  query: Query,
  opts: { sourceId: string | null; selfId: string | null },
): Promise<Map<string, SavedSourceQuestion>> {
  const found = new Map<string, SavedSourceQuestion>()
  let source = query.source
  while (source.kind === 'question') {
    const id = source.id
    if (id === opts.selfId || found.has(id))
      throw new AppError(
        400,
        'QUERY_QUESTION_CYCLE',
        'A question cannot read itself, directly or through others',
        {
          questionId: id,
        },
      )
    const row = await repo.find(id)
    if (!row || !access.can(row.collection_id, 'view')) throw new NotFoundError('Source question')
    if (opts.sourceId !== null && row.source_id !== opts.sourceId)
      throw new AppError(
        400,
        'QUESTION_SOURCE_MISMATCH',
        `"${row.name}" reads another data source (${row.source_id})`,
        { questionId: id, sourceId: row.source_id },
      )
    const saved = questionQueryOf(row)
    if (saved.kind === 'native') {
      found.set(id, { kind: 'native', sql: saved.sql, variables: saved.variables })
      break
    }
    found.set(id, saved)
    source = saved.query.source
  }
  return found
}
