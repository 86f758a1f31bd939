import { useQuery } from '@tanstack/react-query'
import type { Me } from '@vitrina/contracts'
import { ApiRequestError, api, setCsrfToken } from '../api-client'
import { authKeys } from './keys'

/** The signed-in user, or null when there is no valid session. */
export async function getMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    const me = await api<Me>('GET', '/api/auth/me', undefined, signal)
    setCsrfToken(me.csrfToken)
    return me
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 401) {
      setCsrfToken(null)
      return null
    }
    throw error
  }
}

export function useMeQuery() {
  return useQuery({ queryKey: authKeys.me(), queryFn: ({ signal }) => getMe(signal), staleTime: 60_000 })
}
