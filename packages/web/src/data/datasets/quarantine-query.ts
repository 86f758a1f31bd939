import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { QuarantinePage } from '@vitrina/contracts'
import { api } from '../api-client'
import { datasetKeys } from './keys'
import { datasetUrls } from './urls'

export const QUARANTINE_PAGE_SIZE = 100

export function useQuarantineQuery(datasetId: string, offset: number) {
  return useQuery({
    queryKey: datasetKeys.quarantine(datasetId, offset),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ offset: String(offset), limit: String(QUARANTINE_PAGE_SIZE) })
      return api<QuarantinePage>(
        'GET',
        `${datasetUrls.base(datasetId)}/quarantine?${params}`,
        undefined,
        signal,
      )
    },
    placeholderData: keepPreviousData,
  })
}

export function useDismissQuarantineRowMutation(datasetId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (rowId: string) =>
      api<void>('DELETE', `${datasetUrls.base(datasetId)}/quarantine/${encodeURIComponent(rowId)}`),
    onSuccess: () =>
      void queryClient.invalidateQueries({ queryKey: [...datasetKeys.of(datasetId), 'quarantine'] }),
  })
}
