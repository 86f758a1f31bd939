import { Button, Center, Loader } from '@mantine/core'
import { IconPencil } from '@tabler/icons-react'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams, useSearchParams } from 'react-router'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { dashboardCardsApi } from '../../data/dashboards/dashboard-cards'
import { useDashboardQuery } from '../../data/dashboards/dashboards-query'
import { preloadCharts } from '../viz'
import { DashboardEditor } from './DashboardEditor'
import { DashboardView } from './DashboardView'
import { takeEarlyRun } from './early-start'
import { viewDataOf } from './model/view-data'
import type { DashboardRuntime } from './runtime'
import { ShareButton } from './share/ShareButton'
import { TvButton } from './share/TvButton'
import { TvFrame } from './share/TvFrame'
import { isTvMode } from './share/tv-mode'

/** `/dashboards/:id`: one request for the dashboard and what its cards need, then every card runs at once. */
export function DashboardPage() {
  const { t } = useTranslation()
  const { dashboardId = '' } = useParams()
  const dashboard = useDashboardQuery(dashboardId)
  const [editing, setEditing] = useState(false)
  // The chart code loads while the dashboard is fetched, not after the first result.
  useEffect(preloadCharts, [])
  const [params] = useSearchParams()
  const runtime = useMemo<DashboardRuntime>(
    () => ({
      runCard: (cardId, body, signal) =>
        takeEarlyRun(dashboardId, cardId, body) ?? dashboardCardsApi.run(dashboardId, cardId, body, signal),
      exportCard: (cardId, body) => dashboardCardsApi.download(dashboardId, cardId, body),
      loadRows: (cardId, body, signal) => dashboardCardsApi.rows(dashboardId, cardId, body, signal),
      loadFilterValues: (filterId, body, signal) =>
        dashboardCardsApi.filterValues(dashboardId, filterId, body, signal),
    }),
    [dashboardId],
  )
  const view = useMemo(() => (dashboard.data ? viewDataOf(dashboard.data) : null), [dashboard.data])
  if (dashboard.isPending)
    return (
      <Center py="xl">
        <Loader aria-label={t('dashboards.loading')} />
      </Center>
    )
  if (dashboard.error) return <ErrorAlert error={dashboard.error} />
  if (editing)
    return <DashboardEditor dashboard={dashboard.data} runtime={runtime} onDone={() => setEditing(false)} />
  if (isTvMode(params))
    return (
      <TvFrame tabs={view!.tabs}>
        {(tab) => <DashboardView dashboard={view!} mode="tv" {...runtime} tab={tab ?? undefined} />}
      </TvFrame>
    )
  return (
    <DashboardView
      // A saved change starts the view afresh: its filters may be new.
      key={dashboard.data.updatedAt}
      dashboard={view!}
      mode="app"
      {...runtime}
      actions={(values) => (
        <>
          <TvButton />
          {dashboard.data.access === 'edit' && (
            <ShareButton dashboardId={dashboardId} filters={dashboard.data.filters} values={values} />
          )}
          {dashboard.data.access === 'edit' && (
            <Button variant="light" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              {t('dashboards.edit')}
            </Button>
          )}
        </>
      )}
    />
  )
}
