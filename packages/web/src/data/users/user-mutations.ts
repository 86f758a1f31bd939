import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ApiUser, CreateUserBody, UpdateUserBody } from '@vitrina/contracts'
import { api } from '../api-client'
import { groupKeys } from '../groups/keys'
import { userKeys } from './keys'

export function useCreateUserMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateUserBody) => api<ApiUser>('POST', '/api/admin/users', body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: userKeys.all })
      void queryClient.invalidateQueries({ queryKey: groupKeys.all })
    },
  })
}

export function useUpdateUserMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateUserBody }) =>
      api<ApiUser>('PATCH', `/api/admin/users/${encodeURIComponent(id)}`, patch),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: userKeys.all })
      void queryClient.invalidateQueries({ queryKey: groupKeys.all })
    },
  })
}
