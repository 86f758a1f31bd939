import { useQuery } from '@tanstack/react-query'
import type { ApiGroup } from '@vitrina/contracts'
import { api } from '../api-client'
import { groupKeys } from './keys'

export function useGroupsQuery() {
  return useQuery({
    queryKey: groupKeys.list(),
    queryFn: async ({ signal }) =>
      (await api<{ groups: ApiGroup[] }>('GET', '/api/admin/groups', undefined, signal)).groups,
  })
}
