import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ApiCollection, CollectionBody, CollectionPermissions } from '@vitrina/contracts'
import { api } from '../api-client'
import { collectionKeys, questionKeys } from './keys'

export function useCollectionsQuery() {
  return useQuery({
    queryKey: collectionKeys.list(),
    queryFn: async ({ signal }) =>
      (await api<{ collections: ApiCollection[] }>('GET', '/api/collections', undefined, signal)).collections,
  })
}

export function useCollectionPermissionsQuery(id: string | null) {
  return useQuery({
    queryKey: collectionKeys.permissions(id ?? ''),
    enabled: id !== null,
    queryFn: ({ signal }) =>
      api<CollectionPermissions>(
        'GET',
        `/api/collections/${encodeURIComponent(id ?? '')}/permissions`,
        undefined,
        signal,
      ),
  })
}

function useInvalidateCollections() {
  const queryClient = useQueryClient()
  return () => {
    void queryClient.invalidateQueries({ queryKey: collectionKeys.all })
    void queryClient.invalidateQueries({ queryKey: questionKeys.all })
  }
}

export function useSaveCollectionMutation() {
  const onSuccess = useInvalidateCollections()
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: CollectionBody }) =>
      id
        ? api<ApiCollection>('PUT', `/api/collections/${encodeURIComponent(id)}`, body)
        : api<ApiCollection>('POST', '/api/collections', body),
    onSuccess,
  })
}

export function useDeleteCollectionMutation() {
  const onSuccess = useInvalidateCollections()
  return useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/api/collections/${encodeURIComponent(id)}`),
    onSuccess,
  })
}

export function useSetCollectionPermissionsMutation() {
  const onSuccess = useInvalidateCollections()
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: CollectionPermissions }) =>
      api<CollectionPermissions>('PUT', `/api/collections/${encodeURIComponent(id)}/permissions`, body),
    onSuccess,
  })
}
