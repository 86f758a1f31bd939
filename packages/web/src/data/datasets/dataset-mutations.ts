import { useMutation, useQueryClient } from '@tanstack/react-query'
import type {
  AddColumnBody,
  ApiBatch,
  ApiDataset,
  CreateDatasetBody,
  CreateFromUploadBody,
  LinkDatasetBody,
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

/** Adds a column; the dataset's rows, grid and schema all change. */
export function useAddColumnMutation(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: AddColumnBody) => api<ApiDataset>('POST', `${datasetUrls.base(id)}/columns`, body),
    onSuccess: (dataset) => {
      queryClient.setQueryData(datasetKeys.detail(id), dataset)
      void queryClient.invalidateQueries({ queryKey: datasetKeys.of(id) })
      void queryClient.invalidateQueries({ queryKey: datasetKeys.list() })
    },
  })
}

/** Deletes the dataset; `force` goes ahead although saved questions read it (409 DATASET_IN_USE otherwise). */
export function useDeleteDatasetMutation(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (force: boolean) =>
      api<void>('DELETE', `${datasetUrls.base(id)}${force ? '?force=true' : ''}`),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: datasetKeys.detail(id) })
      queryClient.removeQueries({ queryKey: datasetKeys.of(id) })
      // Gone from the list at once: the page the user returns to must not show it until the refetch lands.
      queryClient.setQueryData<ApiDataset[]>(datasetKeys.list(), (list) => list?.filter((d) => d.id !== id))
      void queryClient.invalidateQueries({ queryKey: datasetKeys.list() })
    },
  })
}

/** Links a table or view of a source as a read-only dataset (admins). */
export function useLinkDatasetMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: LinkDatasetBody) => api<ApiDataset>('POST', '/api/datasets/linked', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: datasetKeys.list() }),
  })
}

/** Re-reads a linked dataset's columns from its source's catalog (admins). */
export function useSyncLinkedMutation(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => api<ApiDataset>('POST', `${datasetUrls.base(id)}/sync`),
    onSuccess: (dataset) => {
      queryClient.setQueryData(datasetKeys.detail(id), dataset)
      void queryClient.invalidateQueries({ queryKey: datasetKeys.of(id) })
    },
  })
}
