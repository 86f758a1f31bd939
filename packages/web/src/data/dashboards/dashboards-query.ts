import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ApiDashboard, ApiDashboardSummary, DashboardBody } from '@vitrina/contracts'
import { api } from '../api-client'
import { dashboardKeys } from './keys'

export function useDashboardsQuery() {
  return useQuery({
    queryKey: dashboardKeys.list(),
    queryFn: async ({ signal }) =>
      (await api<{ dashboards: ApiDashboardSummary[] }>('GET', '/api/dashboards', undefined, signal))
        .dashboards,
  })
}

const early = new Map<string, Promise<ApiDashboard>>()
const fetchDashboard = (id: string, signal?: AbortSignal) =>
  api<ApiDashboard>('GET', `/api/dashboards/${encodeURIComponent(id)}`, undefined, signal)

/**
 * Starts fetching a dashboard as soon as the address names it (the router calls this), in parallel with the
 * session check, instead of once its page renders. The page's first query takes this answer.
 */
export function prefetchDashboard(id: string): Promise<ApiDashboard> {
  const known = early.get(id)
  if (known) return known
  const answer = fetchDashboard(id)
  answer.catch(() => early.delete(id))
  early.set(id, answer)
  return answer
}

export function useDashboardQuery(id: string) {
  return useQuery({
    queryKey: dashboardKeys.detail(id),
    queryFn: ({ signal }) => {
      const prefetched = early.get(id)
      early.delete(id)
      return prefetched ?? fetchDashboard(id, signal)
    },
  })
}

export function useSaveDashboardMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: DashboardBody }) =>
      id
        ? api<ApiDashboard>('PUT', `/api/dashboards/${encodeURIComponent(id)}`, body)
        : api<ApiDashboard>('POST', '/api/dashboards', body),
    onSuccess: (saved) => {
      queryClient.setQueryData(dashboardKeys.detail(saved.id), saved)
      void queryClient.invalidateQueries({ queryKey: dashboardKeys.list() })
    },
  })
}

export function useDeleteDashboardMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/api/dashboards/${encodeURIComponent(id)}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: dashboardKeys.list() }),
  })
}
