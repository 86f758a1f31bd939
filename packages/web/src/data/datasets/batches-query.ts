import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ApiBatch, ValidationReport } from '@vitrina/contracts'
import { api } from '../api-client'
import { datasetKeys } from './keys'
import { datasetUrls } from './urls'

export function useBatchesQuery(datasetId: string) {
  return useQuery({
    queryKey: datasetKeys.batches(datasetId),
    queryFn: async ({ signal }) =>
      (await api<{ batches: ApiBatch[] }>('GET', `${datasetUrls.base(datasetId)}/batches`, undefined, signal))
        .batches,
  })
}

export function useValidationReportQuery(datasetId: string, batchId: string | null) {
  return useQuery({
    queryKey: datasetKeys.report(datasetId, batchId ?? ''),
    queryFn: ({ signal }) =>
      api<ValidationReport>('GET', `${datasetUrls.batch(datasetId, batchId!)}/report`, undefined, signal),
    enabled: batchId !== null,
  })
}

export function useRollbackMutation(datasetId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (batchId: string) =>
      api<ApiBatch>('POST', `${datasetUrls.batch(datasetId, batchId)}/rollback`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: datasetKeys.of(datasetId) })
      void queryClient.invalidateQueries({ queryKey: datasetKeys.detail(datasetId) })
      void queryClient.invalidateQueries({ queryKey: datasetKeys.list() })
    },
  })
}
