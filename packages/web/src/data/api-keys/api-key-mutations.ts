import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { CreateApiKeyBody, CreatedApiKey } from '@vitrina/contracts'
import { api } from '../api-client'
import { apiKeyKeys } from './keys'

export function useCreateApiKeyMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateApiKeyBody) => api<CreatedApiKey>('POST', '/api/me/api-keys', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  })
}

export function useRevokeApiKeyMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api<unknown>('DELETE', `/api/me/api-keys/${encodeURIComponent(id)}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  })
}
