import { useQuery } from '@tanstack/react-query'
import type { ApiUser } from '@vitrina/contracts'
import { api } from '../api-client'
import { userKeys } from './keys'

export function useUsersQuery() {
  return useQuery({
    queryKey: userKeys.list(),
    queryFn: async ({ signal }) =>
      (await api<{ users: ApiUser[] }>('GET', '/api/admin/users', undefined, signal)).users,
  })
}
