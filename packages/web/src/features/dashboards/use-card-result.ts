import { useQuery } from '@tanstack/react-query'
import type { ApiQuestion, ParameterValue } from '@vitrina/contracts'
import { dashboardKeys } from '../../data/dashboards/keys'
import { queryRunApi } from '../../data/questions/query-run'
import { useQuestionQuery } from '../../data/questions/questions-query'
import type { Limiter } from './model/limiter'
import { runBodyOf } from './model/question-run'

/**
 * One question card's data: the saved question, then its run inside the dashboard's concurrency limit.
 * Each card is its own query, so each has its own spinner and error, and a failure stays on its card.
 */
export function useCardResult(args: {
  dashboardId: string
  cardId: string
  questionId: string
  limiter: Limiter
  refreshSeconds: number | null
  /** Variables set by the dashboard's filters. */
  parameters: Record<string, ParameterValue>
}) {
  const question = useQuestionQuery(args.questionId)
  const saved: ApiQuestion | undefined = question.data
  const run = useQuery({
    queryKey: [
      ...dashboardKeys.card(args.dashboardId, args.cardId, args.questionId),
      saved?.updatedAt ?? '',
      args.parameters,
    ],
    enabled: saved !== undefined,
    retry: false,
    staleTime: 30_000,
    refetchInterval: args.refreshSeconds ? args.refreshSeconds * 1000 : false,
    queryFn: ({ signal }) =>
      args.limiter.run(() => queryRunApi.run(runBodyOf(saved!, args.parameters), signal), signal),
  })
  return { question, run }
}
