import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ChangePasswordBody, Locale, Me } from '@vitrina/contracts'
import { api } from '../api-client'
import { authKeys } from './keys'

export function useLocaleMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (locale: Locale) => api<Me>('PATCH', '/api/auth/me', { locale }),
    onSuccess: (me) => queryClient.setQueryData(authKeys.me(), me),
  })
}

export function useChangePasswordMutation() {
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => api<void>('POST', '/api/auth/password', body),
  })
}
