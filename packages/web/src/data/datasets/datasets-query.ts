import { useQuery } from '@tanstack/react-query'
import type { ApiDataset, DatasetList } from '@vitrina/contracts'
import { api } from '../api-client'
import { datasetKeys } from './keys'
import { datasetUrls } from './urls'

export function useDatasetsQuery() {
  return useQuery({
    queryKey: datasetKeys.list(),
    queryFn: async ({ signal }) =>
      (await api<DatasetList>('GET', '/api/datasets', undefined, signal)).datasets,
  })
}

export function useDatasetQuery(id: string) {
  return useQuery({
    queryKey: datasetKeys.detail(id),
    queryFn: ({ signal }) => api<ApiDataset>('GET', datasetUrls.base(id), undefined, signal),
  })
}
