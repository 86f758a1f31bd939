import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { AdminApiKey } from '@vitrina/contracts'
import { api } from '../api-client'
import { apiKeyKeys } from './keys'

export function useAdminApiKeysQuery() {
  return useQuery({
    queryKey: apiKeyKeys.adminList(),
    queryFn: async ({ signal }) =>
      (await api<{ keys: AdminApiKey[] }>('GET', '/api/admin/api-keys', undefined, signal)).keys,
  })
}

export function useAdminRevokeApiKeyMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/api/admin/api-keys/${encodeURIComponent(id)}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  })
}
