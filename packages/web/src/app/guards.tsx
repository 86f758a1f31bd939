import { Center, Loader } from '@mantine/core'
import type { ReactNode } from 'react'
import { Navigate, useLocation } from 'react-router'
import { ErrorAlert } from '../components/ui/ErrorAlert'
import { useMeQuery } from '../data/auth/me-query'
import { useSetupStatusQuery } from '../data/auth/setup-status-query'
import { ForbiddenPage } from './StatusPages'

function FullPageLoader() {
  return (
    <Center h="100vh">
      <Loader />
    </Center>
  )
}

/** Sends a fresh install to setup, and anyone without a session to the login page. */
export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation()
  const setup = useSetupStatusQuery()
  const me = useMeQuery()
  if (setup.isPending || me.isPending) return <FullPageLoader />
  if (setup.error || me.error) return <ErrorAlert error={setup.error ?? me.error} />
  if (setup.data.needsSetup) return <Navigate to="/setup" replace />
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname }} />
  return children
}

export function RequireAdmin({ children }: { children: ReactNode }) {
  const me = useMeQuery()
  return me.data?.user.role === 'admin' ? children : <ForbiddenPage />
}

/** Setup and login are for visitors only: a signed-in user goes home, a set-up install to login. */
export function VisitorOnly({ page, children }: { page: 'setup' | 'login'; children: ReactNode }) {
  const setup = useSetupStatusQuery()
  const me = useMeQuery()
  if (setup.isPending || me.isPending) return <FullPageLoader />
  if (me.data) return <Navigate to="/" replace />
  if (page === 'setup' && setup.data && !setup.data.needsSetup) return <Navigate to="/login" replace />
  if (page === 'login' && setup.data?.needsSetup) return <Navigate to="/setup" replace />
  return children
}
