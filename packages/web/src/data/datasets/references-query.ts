import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type DatasetReferences, WAREHOUSE_SOURCE_ID } from '@vitrina/contracts'
import { api } from '../api-client'
import { questionSourceKeys } from '../questions/keys'
import { sourceKeys } from '../sources/keys'
import { datasetKeys } from './keys'
import { datasetUrls } from './urls'

const referencesKey = (datasetId: string) => [...datasetKeys.of(datasetId), 'references'] as const

/** GET /api/datasets/:id/references: columns of this dataset that refer to another dataset's key. */
export function useDatasetReferencesQuery(datasetId: string) {
  return useQuery({
    queryKey: referencesKey(datasetId),
    queryFn: ({ signal }) =>
      api<DatasetReferences>('GET', `${datasetUrls.base(datasetId)}/references`, undefined, signal),
  })
}

/** PUT replaces the list; the warehouse catalog (its foreign keys, the builder's joins) changes with it. */
export function useSaveDatasetReferencesMutation(datasetId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: DatasetReferences) =>
      api<DatasetReferences>('PUT', `${datasetUrls.base(datasetId)}/references`, body),
    onSuccess: (data) => {
      queryClient.setQueryData(referencesKey(datasetId), data)
      void queryClient.invalidateQueries({ queryKey: questionSourceKeys.catalog(WAREHOUSE_SOURCE_ID) })
      void queryClient.invalidateQueries({ queryKey: sourceKeys.catalog(WAREHOUSE_SOURCE_ID) })
    },
  })
}
