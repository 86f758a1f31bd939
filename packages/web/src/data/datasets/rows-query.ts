import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { AddRowBody, ApiRow, CellValue, RowsPage, RowsQuery, UpdateRowBody } from '@vitrina/contracts'
import { api } from '../api-client'
import { datasetKeys } from './keys'
import { datasetUrls } from './urls'

/** One page of the admin grid; the previous page stays on screen while the next one loads. */
export function useRowsQuery(datasetId: string, query: RowsQuery) {
  return useQuery({
    queryKey: datasetKeys.rows(datasetId, query),
    queryFn: ({ signal }) =>
      api<RowsPage>('POST', `${datasetUrls.base(datasetId)}/rows/query`, query, signal),
    placeholderData: keepPreviousData,
  })
}

function useInvalidateRows(datasetId: string) {
  const queryClient = useQueryClient()
  return () => {
    void queryClient.invalidateQueries({ queryKey: datasetKeys.of(datasetId) })
    void queryClient.invalidateQueries({ queryKey: datasetKeys.detail(datasetId) })
    void queryClient.invalidateQueries({ queryKey: datasetKeys.list() })
  }
}

export function useAddRowMutation(datasetId: string) {
  const invalidate = useInvalidateRows(datasetId)
  return useMutation({
    mutationFn: (body: AddRowBody) => api<ApiRow>('POST', `${datasetUrls.base(datasetId)}/rows`, body),
    onSuccess: invalidate,
  })
}

export function useUpdateRowMutation(datasetId: string) {
  const invalidate = useInvalidateRows(datasetId)
  return useMutation({
    mutationFn: ({ rowId, body }: { rowId: string; body: UpdateRowBody }) =>
      api<ApiRow>('PATCH', `${datasetUrls.base(datasetId)}/rows/${encodeURIComponent(rowId)}`, body),
    onSuccess: invalidate,
  })
}

export function useDeleteRowsMutation(datasetId: string) {
  const invalidate = useInvalidateRows(datasetId)
  return useMutation({
    mutationFn: (rows: { rowId: string; expected: Record<string, CellValue> }[]) =>
      api<{ deleted: number; skipped: number }>('POST', `${datasetUrls.base(datasetId)}/rows/delete`, {
        rows,
      }),
    onSuccess: invalidate,
  })
}
