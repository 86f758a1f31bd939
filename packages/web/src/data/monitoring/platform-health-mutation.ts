import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { InstallPlatformHealthBody, PlatformHealth } from '@vitrina/contracts'
import { api } from '../api-client'
import { dashboardKeys } from '../dashboards/keys'

/** Installs the built-in Platform health dashboard; the new dashboard shows up in the list. */
export function useInstallPlatformHealthMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: InstallPlatformHealthBody) =>
      api<PlatformHealth>('POST', '/api/admin/platform-health', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: dashboardKeys.all }),
  })
}
