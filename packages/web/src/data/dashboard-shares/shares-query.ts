import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ApiShare, CreatedShare, CreateShareBody } from '@vitrina/contracts'
import { api } from '../api-client'
import { shareKeys } from './keys'

const sharesUrl = (dashboardId: string) => `/api/dashboards/${encodeURIComponent(dashboardId)}/shares`

export function useDashboardSharesQuery(dashboardId: string, enabled: boolean) {
  return useQuery({
    queryKey: shareKeys.list(dashboardId),
    enabled,
    queryFn: async ({ signal }) =>
      (await api<{ shares: ApiShare[] }>('GET', sharesUrl(dashboardId), undefined, signal)).shares,
  })
}

export function useCreateShareMutation(dashboardId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateShareBody) => api<CreatedShare>('POST', sharesUrl(dashboardId), body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: shareKeys.list(dashboardId) }),
  })
}

export function useRevokeShareMutation(dashboardId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (shareId: string) =>
      api<{ share: ApiShare }>('DELETE', `${sharesUrl(dashboardId)}/${encodeURIComponent(shareId)}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: shareKeys.list(dashboardId) }),
  })
}
