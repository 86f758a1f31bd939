import { useQuery } from '@tanstack/react-query'
import type { SourceCatalog, SourceList } from '@vitrina/contracts'
import { api } from '../api-client'
import { questionSourceKeys } from './keys'

/** The sources the user may query (the server filters by permission). */
export function useQuestionSourcesQuery() {
  return useQuery({
    queryKey: questionSourceKeys.list(),
    queryFn: async ({ signal }) => (await api<SourceList>('GET', '/api/sources', undefined, signal)).sources,
  })
}

export function useSourceCatalogQuery(sourceId: string | null) {
  return useQuery({
    queryKey: questionSourceKeys.catalog(sourceId ?? ''),
    enabled: sourceId !== null,
    staleTime: 60_000,
    queryFn: ({ signal }) =>
      api<SourceCatalog>(
        'GET',
        `/api/sources/${encodeURIComponent(sourceId ?? '')}/catalog`,
        undefined,
        signal,
      ),
  })
}
