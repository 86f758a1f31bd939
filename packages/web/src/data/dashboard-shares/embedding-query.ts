import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { EmbeddingSettings } from '@vitrina/contracts'
import { api } from '../api-client'
import { shareKeys } from './keys'

export function useEmbeddingQuery() {
  return useQuery({
    queryKey: shareKeys.embedding(),
    queryFn: ({ signal }) => api<EmbeddingSettings>('GET', '/api/admin/embedding', undefined, signal),
  })
}

export function useRotateEmbeddingSecretMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => api<EmbeddingSettings>('POST', '/api/admin/embedding/secret'),
    onSuccess: (settings) => queryClient.setQueryData(shareKeys.embedding(), settings),
  })
}
