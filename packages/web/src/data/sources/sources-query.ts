import { useQuery } from '@tanstack/react-query'
import type {
  ApiSource,
  SourceCacheStats,
  SourceCatalog,
  SourceList,
  SourcePermissions,
} from '@vitrina/contracts'
import { api } from '../api-client'
import { sourceKeys, sourceUrl } from './keys'

/** Every source (an admin may query them all), the built-in warehouse first. */
export function useSourcesQuery() {
  return useQuery({
    queryKey: sourceKeys.list(),
    queryFn: async ({ signal }) => (await api<SourceList>('GET', '/api/sources', undefined, signal)).sources,
  })
}

export function useSourceQuery(id: string) {
  return useQuery({
    queryKey: sourceKeys.detail(id),
    queryFn: ({ signal }) => api<ApiSource>('GET', sourceUrl(id), undefined, signal),
  })
}

/** The last synced catalog (tables, columns, row estimates); a sync replaces it in the cache. */
export function useSourceCatalogQuery(id: string) {
  return useQuery({
    queryKey: sourceKeys.catalog(id),
    queryFn: ({ signal }) => api<SourceCatalog>('GET', `${sourceUrl(id)}/catalog`, undefined, signal),
  })
}

export function useSourcePermissionsQuery(id: string) {
  return useQuery({
    queryKey: sourceKeys.permissions(id),
    queryFn: async ({ signal }) =>
      (await api<SourcePermissions>('GET', `${sourceUrl(id)}/permissions`, undefined, signal)).permissions,
  })
}

/** Cache hits and misses of this source since the server started. */
export function useSourceCacheStatsQuery(id: string) {
  return useQuery({
    queryKey: sourceKeys.cache(id),
    queryFn: ({ signal }) => api<SourceCacheStats>('GET', `${sourceUrl(id)}/cache`, undefined, signal),
  })
}
