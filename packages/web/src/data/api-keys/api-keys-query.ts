import { useQuery } from '@tanstack/react-query'
import type { ApiKey } from '@vitrina/contracts'
import { api } from '../api-client'
import { apiKeyKeys } from './keys'

export function useApiKeysQuery() {
  return useQuery({
    queryKey: apiKeyKeys.list(),
    queryFn: async ({ signal }) =>
      (await api<{ keys: ApiKey[] }>('GET', '/api/me/api-keys', undefined, signal)).keys,
  })
}
