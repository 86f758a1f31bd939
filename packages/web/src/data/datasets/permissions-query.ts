import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ApiDatasetPermission, PutDatasetPermissionsBody } from '@vitrina/contracts'
import { api } from '../api-client'
import { datasetKeys } from './keys'
import { datasetUrls } from './urls'

type Permissions = { entries: ApiDatasetPermission[] }

export function useDatasetPermissionsQuery(datasetId: string) {
  return useQuery({
    queryKey: datasetKeys.permissions(datasetId),
    queryFn: async ({ signal }) =>
      (await api<Permissions>('GET', `${datasetUrls.base(datasetId)}/permissions`, undefined, signal))
        .entries,
  })
}

export function useSaveDatasetPermissionsMutation(datasetId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: PutDatasetPermissionsBody) =>
      api<Permissions>('PUT', `${datasetUrls.base(datasetId)}/permissions`, body),
    onSuccess: (data) => queryClient.setQueryData(datasetKeys.permissions(datasetId), data.entries),
  })
}
