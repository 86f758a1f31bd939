import { useQuery } from '@tanstack/react-query'
import type { SetupStatus } from '@vitrina/contracts'
import { api } from '../api-client'
import { authKeys } from './keys'

export function useSetupStatusQuery() {
  return useQuery({
    queryKey: authKeys.setupStatus(),
    queryFn: ({ signal }) => api<SetupStatus>('GET', '/api/setup/status', undefined, signal),
    staleTime: Number.POSITIVE_INFINITY,
  })
}
