import { useMutation, useQueryClient } from '@tanstack/react-query'
import type {
  ApiBatch,
  ApiDataset,
  CreateDatasetBody,
  CreateFromUploadBody,
  UpdateDatasetBody,
} from '@vitrina/contracts'
import { api } from '../api-client'
import { datasetKeys } from './keys'
import { datasetUrls } from './urls'

export function useCreateDatasetMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateDatasetBody) => api<ApiDataset>('POST', '/api/datasets', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: datasetKeys.list() }),
  })
}

/** Creates the dataset from the edited preview and starts importing the file into it. */
export function useCreateFromUploadMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateFromUploadBody) =>
      api<{ dataset: ApiDataset; batch: ApiBatch }>('POST', '/api/datasets/from-upload', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: datasetKeys.list() }),
  })
}

export function useUpdateDatasetMutation(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: UpdateDatasetBody) => api<ApiDataset>('PATCH', datasetUrls.base(id), body),
    onSuccess: (dataset) => {
      queryClient.setQueryData(datasetKeys.detail(id), dataset)
      void queryClient.invalidateQueries({ queryKey: datasetKeys.list() })
    },
  })
}
