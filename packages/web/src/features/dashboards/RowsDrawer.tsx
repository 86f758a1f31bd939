import { Button, Center, Drawer, Group, Loader, Stack, Text } from '@mantine/core'
import { IconExternalLink } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { DASHBOARD_ROWS_LIMIT, type DashboardCardRowsBody, defaultChartSpec } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { dashboardKeys } from '../../data/dashboards/keys'
import { Visualization } from '../viz'
import { useCardRuntime } from './runtime'

const TABLE = defaultChartSpec('table')

/** Builder-editor address of a query, so the rows can be explored further as a new question. */
export function editorLinkOf(sourceId: string, query: unknown): string {
  return `/questions/new?mode=builder&source=${encodeURIComponent(sourceId)}&query=${encodeURIComponent(JSON.stringify(query))}`
}

/** The rows behind a card, or behind one clicked value, with the dashboard's filters applied. */
export function RowsDrawer(props: {
  request: { cardId: string; title: string; body: DashboardCardRowsBody } | null
  onClose: () => void
}) {
  const { t } = useTranslation()
  const runtime = useCardRuntime()
  const request = props.request
  const rows = useQuery({
    queryKey: [...dashboardKeys.cards(runtime.dashboardKey), 'rows', request],
    enabled: request !== null && runtime.loadRows !== undefined,
    retry: false,
    queryFn: ({ signal }) => runtime.loadRows!(request!.cardId, request!.body, signal),
  })
  const data = rows.data
  return (
    <Drawer
      opened={request !== null}
      onClose={props.onClose}
      position="right"
      size="xl"
      title={request ? t('dashboards.rows.title', { name: request.title }) : ''}
    >
      <Stack h="calc(100vh - 90px)" gap="sm" data-testid="rows-drawer">
        {rows.error ? (
          <ErrorAlert error={rows.error} />
        ) : !data ? (
          <Center h={200}>
            <Loader size="sm" aria-label={t('dashboards.loading')} />
          </Center>
        ) : (
          <>
            <Group justify="space-between">
              <Text size="sm" c="dimmed" data-testid="rows-count">
                {data.rowCount >= DASHBOARD_ROWS_LIMIT
                  ? t('dashboards.rows.first', { count: DASHBOARD_ROWS_LIMIT })
                  : t('dashboards.rows.count', { count: data.rowCount })}
              </Text>
              <Button
                component={Link}
                to={editorLinkOf(data.sourceId, data.query)}
                size="xs"
                variant="light"
                leftSection={<IconExternalLink size={14} />}
              >
                {t('dashboards.rows.openInEditor')}
              </Button>
            </Group>
            <div style={{ flex: 1, minHeight: 0 }}>
              <Visualization result={data} spec={TABLE} />
            </div>
          </>
        )}
      </Stack>
    </Drawer>
  )
}
