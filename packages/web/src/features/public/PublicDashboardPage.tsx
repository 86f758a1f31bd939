import { useParams } from 'react-router'
import { SharedDashboard } from './SharedDashboard'

/** `/public/d/:token`: a dashboard shared by a public link, read-only, without signing in. */
export function PublicDashboardPage() {
  const { token = '' } = useParams()
  return <SharedDashboard kind="link" token={token} />
}

/** `/embed/d/:token`: a dashboard inside another site's page, signed by that site's server. */
export function EmbedDashboardPage() {
  const { token = '' } = useParams()
  return <SharedDashboard kind="embed" token={token} />
}
