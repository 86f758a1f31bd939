import { useInfiniteQuery } from '@tanstack/react-query'
import type { AuditPage } from '@vitrina/contracts'
import { api } from '../api-client'

export const auditKeys = {
  all: ['audit'] as const,
  list: (action: string | null) => [...auditKeys.all, 'list', action] as const,
}

export function useAuditQuery(action: string | null) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(action),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: '100' })
      if (action) params.set('action', action)
      if (pageParam) params.set('before', pageParam)
      return api<AuditPage>('GET', `/api/admin/audit?${params}`, undefined, signal)
    },
    getNextPageParam: (last) => last.nextBefore,
  })
}
