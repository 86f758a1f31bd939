import { keepPreviousData, type QueryClient, useQuery } from '@tanstack/react-query'
import type { DashboardCardRunBody } from '@vitrina/contracts'
import { dashboardKeys } from '../../data/dashboards/keys'
import { type CardRuntime, useCardRuntime } from './runtime'

type RunFilters = Pick<DashboardCardRunBody, 'filters' | 'crossFilters'>

/**
 * One question card's result, run inside the dashboard's concurrency limit. Each card is its own query, so
 * each has its own spinner and error; results are kept 30 s, so a card seen before appears at once, and
 * while new filter values run the card keeps showing the last result.
 */
export function useCardResult(args: { cardId: string; version: string; body: RunFilters; enabled: boolean }) {
  const runtime = useCardRuntime()
  return useQuery({
    queryKey: dashboardKeys.card(runtime.dashboardKey, args.cardId, args.version, args.body),
    enabled: args.enabled,
    retry: false,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
    refetchInterval: runtime.refreshSeconds ? runtime.refreshSeconds * 1000 : false,
    queryFn: ({ signal }) =>
      runtime.limiter.run(() => runtime.runCard(args.cardId, args.body, signal), signal),
  })
}

/** "Refresh": every card on screen runs again past the server's cache, still within the limit. */
export async function refreshCards(queryClient: QueryClient, runtime: CardRuntime): Promise<void> {
  const active = queryClient
    .getQueryCache()
    .findAll({ queryKey: dashboardKeys.cards(runtime.dashboardKey), type: 'active' })
  await Promise.allSettled(
    active.map((query) => {
      const [, , , cardId, , body] = query.queryKey as [string, string, string, string, string, RunFilters]
      return queryClient.fetchQuery({
        queryKey: query.queryKey,
        staleTime: 0,
        queryFn: ({ signal }) =>
          runtime.limiter.run(() => runtime.runCard(cardId, { ...body, refresh: true }, signal), signal),
      })
    }),
  )
}
