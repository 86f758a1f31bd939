import { useInfiniteQuery } from '@tanstack/react-query'
import type { AuditPage } from '@vitrina/contracts'
import { api } from '../api-client'
import { datasetKeys } from './keys'
import { datasetUrls } from './urls'

const PAGE = 50

/** The dataset's change log, newest first, one page of events at a time (`nextBefore` pages on). */
export function useDatasetChangesQuery(datasetId: string) {
  return useInfiniteQuery({
    queryKey: datasetKeys.changes(datasetId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(PAGE) })
      if (pageParam) params.set('before', pageParam)
      return api<AuditPage>('GET', `${datasetUrls.base(datasetId)}/changes?${params}`, undefined, signal)
    },
    getNextPageParam: (last) => last.nextBefore,
  })
}
