import { useMutation, useQueryClient } from '@tanstack/react-query'
import type {
  ApiSource,
  CreateSourceBody,
  SourceCacheStats,
  SourceCatalog,
  SourceConnectionInput,
  SourcePermission,
  SourcePermissions,
  SourceTestResult,
  UpdateSourceBody,
} from '@vitrina/contracts'
import { api } from '../api-client'
import { questionSourceKeys } from '../questions/keys'
import { sourceKeys, sourceUrl } from './keys'

/** Sources are read here and by the question editor: a change refreshes both. */
function useInvalidateSources() {
  const queryClient = useQueryClient()
  return () => {
    void queryClient.invalidateQueries({ queryKey: sourceKeys.all })
    void queryClient.invalidateQueries({ queryKey: questionSourceKeys.all })
  }
}

export function useSaveSourceMutation() {
  const onSuccess = useInvalidateSources()
  return useMutation({
    mutationFn: (
      input: { id: null; body: CreateSourceBody } | { id: string; body: UpdateSourceBody },
    ): Promise<ApiSource> =>
      input.id === null
        ? api<ApiSource>('POST', '/api/sources', input.body)
        : api<ApiSource>('PATCH', sourceUrl(input.id), input.body),
    onSuccess,
  })
}

export function useDeleteSourceMutation() {
  const onSuccess = useInvalidateSources()
  return useMutation({
    mutationFn: (id: string) => api<void>('DELETE', sourceUrl(id)),
    onSuccess,
  })
}

/** Tests a connection without saving it; with `id` and no connection, the stored one (its password). */
export function useTestSourceMutation() {
  return useMutation({
    mutationFn: (input: { id: string } | { connection: SourceConnectionInput }) =>
      'id' in input
        ? api<SourceTestResult>('POST', `${sourceUrl(input.id)}/test`)
        : api<SourceTestResult>('POST', '/api/sources/test', input.connection),
  })
}

export function useSyncSourceMutation(id: string) {
  const queryClient = useQueryClient()
  const invalidate = useInvalidateSources()
  return useMutation({
    mutationFn: () => api<SourceCatalog>('POST', `${sourceUrl(id)}/sync`),
    onSuccess: (catalog) => {
      queryClient.setQueryData(sourceKeys.catalog(id), catalog)
      invalidate()
    },
    onError: invalidate,
  })
}

export function useSaveSourcePermissionsMutation(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (permissions: SourcePermission[]) =>
      api<SourcePermissions>('PUT', `${sourceUrl(id)}/permissions`, { permissions }),
    onSuccess: (data) => queryClient.setQueryData(sourceKeys.permissions(id), data.permissions),
  })
}

/** Drops every cached result of the source; answers the stats after clearing. */
export function useClearSourceCacheMutation(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => api<SourceCacheStats>('DELETE', `${sourceUrl(id)}/cache`),
    onSuccess: (stats) => queryClient.setQueryData(sourceKeys.cache(id), stats),
  })
}
