import type { Query } from '@vitrina/contracts'
import { AppError, NotFoundError } from '../../http/errors'
import type { CollectionAccessMap } from '../collections/collections.policy'
import { questionQueryOf } from './questions.presenter'
import type { QuestionsRepo } from './questions.repo'

/** Saved builder queries a question may read as its source, walked from `query` down its source chain. */
export async function loadSourceQuestions(
  repo: QuestionsRepo,
  access: CollectionAccessMap,
  query: Query,
  opts: { sourceId: string | null; selfId: string | null },
): Promise<Map<string, Query>> {
  const found = new Map<string, Query>()
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
    const saved = questionQueryOf(row)
    if (saved.kind !== 'builder')
      throw new AppError(
        400,
        'QUESTION_SOURCE_NOT_BUILDER',
        `"${row.name}" is a SQL question; only builder questions can be the source of another question`,
        { questionId: id },
      )
    if (opts.sourceId !== null && row.source_id !== opts.sourceId)
      throw new AppError(
        400,
        'QUESTION_SOURCE_MISMATCH',
        `"${row.name}" reads another data source (${row.source_id})`,
        { questionId: id, sourceId: row.source_id },
      )
    found.set(id, saved.query)
    source = saved.query.source
  }
  return found
}
