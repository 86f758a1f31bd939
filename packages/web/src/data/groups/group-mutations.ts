import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ApiGroup, GroupBody } from '@vitrina/contracts'
import { api } from '../api-client'
import { userKeys } from '../users/keys'
import { groupKeys } from './keys'

function useInvalidateGroups() {
  const queryClient = useQueryClient()
  return () => {
    void queryClient.invalidateQueries({ queryKey: groupKeys.all })
    void queryClient.invalidateQueries({ queryKey: userKeys.all })
  }
}

export function useSaveGroupMutation() {
  const onSuccess = useInvalidateGroups()
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: GroupBody }) =>
      id
        ? api<ApiGroup>('PATCH', `/api/admin/groups/${encodeURIComponent(id)}`, body)
        : api<ApiGroup>('POST', '/api/admin/groups', body),
    onSuccess,
  })
}

export function useDeleteGroupMutation() {
  const onSuccess = useInvalidateGroups()
  return useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/api/admin/groups/${encodeURIComponent(id)}`),
    onSuccess,
  })
}

export function useSetGroupMembersMutation() {
  const onSuccess = useInvalidateGroups()
  return useMutation({
    mutationFn: ({ id, userIds }: { id: string; userIds: string[] }) =>
      api<{ userIds: string[] }>('PUT', `/api/admin/groups/${encodeURIComponent(id)}/members`, { userIds }),
    onSuccess,
  })
}
