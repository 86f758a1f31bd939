import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { LoginBody, Me, SetupBody } from '@vitrina/contracts'
import { api, setCsrfToken } from '../api-client'
import { authKeys } from './keys'

export function useLoginMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: LoginBody) => api<Me>('POST', '/api/auth/login', body),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken)
      queryClient.setQueryData(authKeys.me(), me)
    },
  })
}

export function useSetupMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: SetupBody) => api<Me>('POST', '/api/setup', body),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken)
      queryClient.setQueryData(authKeys.setupStatus(), { needsSetup: false })
      queryClient.setQueryData(authKeys.me(), me)
    },
  })
}

export function useLogoutMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => api<void>('POST', '/api/auth/logout'),
    onSettled: () => {
      setCsrfToken(null)
      // Everything cached belonged to the user who just left.
      queryClient.clear()
      queryClient.setQueryData(authKeys.me(), null)
    },
  })
}
