import { ActionIcon, Group, Menu, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconDownload, IconFileTypePdf, IconMaximize, IconPhoto, IconRefresh } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import type { DashboardCrossFilter, DashboardFilterValue } from '@vitrina/contracts'
import { type ReactNode, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useErrorText } from '../../components/ui/ErrorAlert'
import { ActiveFilters } from './ActiveFilters'
import { ClickMenu, type OpenClick } from './ClickMenu'
import type { CardClickHandler } from './cards/QuestionCard'
import { DashboardGrid } from './DashboardGrid'
import { dashboardImage } from './export/image-export'
import { FilterBar } from './FilterBar'
import { clickActions, withCrossFilter } from './model/cross-filter'
import { type FilterValues, initialFilterValues, runFilterValues } from './model/filters'
import { createLimiter } from './model/limiter'
import type { DashboardViewData, QuestionViewCard } from './model/view-data'
import { RowsDrawer } from './RowsDrawer'
import { CardRuntimeProvider, type DashboardRuntime } from './runtime'
import { refreshCards } from './use-card-result'

/** Question cards that run at once; the rest wait for a free slot (and show their spinner meanwhile). */
export const CARD_CONCURRENCY = 6

export interface DashboardViewProps extends DashboardRuntime {
  dashboard: DashboardViewData
  /** `app`: signed in; `public`: a shared link or an embed; `tv`: full screen, no controls. */
  mode: 'app' | 'public' | 'tv'
  /** Filters fixed by a link: shown with their locked values, not changeable. */
  lockedFilterIds?: string[]
  lockedValues?: FilterValues
  /** The page's own buttons beside the dashboard's (edit, share); a function gets the filter values shown. */
  actions?: ReactNode | ((values: FilterValues) => ReactNode)
  /** Shows this tab and hides the tab list (TV mode turns through the tabs itself). */
  tab?: string
}

/**
 * A dashboard, read-only: title, filters, active-filter chips, tabs and the grid of cards. Filter values
 * and clicks live here and go to the server with every card run; the server applies them.
 */
export function DashboardView(props: DashboardViewProps) {
  const { t } = useTranslation()
  const errorText = useErrorText()
  const queryClient = useQueryClient()
  const { dashboard, mode } = props
  const page = useRef<HTMLDivElement>(null)
  const lockedIds = useMemo(() => new Set(props.lockedFilterIds ?? []), [props.lockedFilterIds])
  const [values, setValues] = useState<FilterValues>(() =>
    initialFilterValues(dashboard.filters, props.lockedValues),
  )
  const [crossFilters, setCrossFilters] = useState<DashboardCrossFilter[]>([])
  const [tab, setTab] = useState<string | null>(null)
  const [click, setClick] = useState<OpenClick | null>(null)
  const [rows, setRows] = useState<Parameters<typeof RowsDrawer>[0]['request']>(null)
  const [exporting, setExporting] = useState(false)
  const limiter = useMemo(() => createLimiter(CARD_CONCURRENCY), [])
  const { runCard, exportCard, loadRows, loadFilterValues } = props
  const runtime = useMemo(
    () => ({
      dashboardKey: dashboard.key,
      limiter,
      refreshSeconds: dashboard.refreshSeconds,
      runCard,
      exportCard,
      loadRows,
      loadFilterValues,
    }),
    [dashboard.key, dashboard.refreshSeconds, limiter, runCard, exportCard, loadRows, loadFilterValues],
  )

  const wanted = props.tab ?? tab
  const activeTab = dashboard.tabs.some((x) => x.id === wanted) ? wanted! : dashboard.tabs[0]!.id
  const cards = dashboard.cards.filter((c) => c.tabId === activeTab)
  const body = useMemo(
    () => ({ filters: runFilterValues(dashboard.filters, values), crossFilters }),
    [dashboard.filters, values, crossFilters],
  )
  const setValue = (id: string, value: DashboardFilterValue | null) =>
    setValues((v) => ({ ...v, [id]: value }))
  const defaultOf = (id: string) => dashboard.filters.find((f) => f.id === id)?.default ?? null

  const onClick: CardClickHandler = (c, at) => {
    const card = dashboard.cards.find(
      (x): x is QuestionViewCard => x.id === c.cardId && x.kind === 'question',
    )
    if (!card) return
    const actions = clickActions(card, c, dashboard.filters, lockedIds)
    setClick({ ...c, at, actions: { ...actions, rows: actions.rows && loadRows !== undefined } })
  }
  const exportDashboard = (format: 'png' | 'pdf') => {
    if (!page.current) return
    setExporting(true)
    dashboardImage(page.current, dashboard.name, format)
      .catch((error: unknown) => notifications.show({ color: 'red', message: errorText(error) }))
      .finally(() => setExporting(false))
  }

  return (
    <CardRuntimeProvider value={runtime}>
      <Stack
        ref={page}
        gap="sm"
        bg="var(--mantine-color-body)"
        p={mode === 'tv' ? 'md' : 0}
        data-testid="dashboard-view"
      >
        <Group justify="space-between">
          <Title order={2}>{dashboard.name}</Title>
          {mode !== 'tv' && (
            <Group gap="xs" data-export-hide>
              <Tooltip label={t('dashboards.refresh')}>
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t('dashboards.refresh')}
                  onClick={() => void refreshCards(queryClient, runtime)}
                >
                  <IconRefresh size={18} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={t('dashboards.fullscreen')}>
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t('dashboards.fullscreen')}
                  onClick={() => void page.current?.requestFullscreen()}
                >
                  <IconMaximize size={18} />
                </ActionIcon>
              </Tooltip>
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Tooltip label={t('dashboards.export.dashboard')}>
                    <ActionIcon
                      variant="default"
                      size="lg"
                      loading={exporting}
                      aria-label={t('dashboards.export.dashboard')}
                    >
                      <IconDownload size={18} />
                    </ActionIcon>
                  </Tooltip>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item leftSection={<IconPhoto size={14} />} onClick={() => exportDashboard('png')}>
                    {t('dashboards.export.png')}
                  </Menu.Item>
                  <Menu.Item
                    leftSection={<IconFileTypePdf size={14} />}
                    onClick={() => exportDashboard('pdf')}
                  >
                    {t('dashboards.export.pdf')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
              {typeof props.actions === 'function' ? props.actions(values) : props.actions}
            </Group>
          )}
        </Group>
        {mode !== 'tv' && (
          <FilterBar
            filters={dashboard.filters}
            values={values}
            lockedIds={lockedIds}
            editing={false}
            onChange={setValue}
          />
        )}
        <ActiveFilters
          filters={dashboard.filters}
          values={values}
          crossFilters={crossFilters}
          lockedIds={lockedIds}
          onResetFilter={(id) => setValue(id, defaultOf(id))}
          onRemoveCross={(i) => setCrossFilters((c) => c.filter((_, j) => j !== i))}
          onResetAll={() => {
            setValues(initialFilterValues(dashboard.filters, props.lockedValues))
            setCrossFilters([])
          }}
        />
        {dashboard.tabs.length > 1 && props.tab === undefined && (
          <Tabs value={activeTab} onChange={setTab}>
            <Tabs.List>
              {dashboard.tabs.map((x) => (
                <Tabs.Tab key={x.id} value={x.id}>
                  {x.name}
                </Tabs.Tab>
              ))}
            </Tabs.List>
          </Tabs>
        )}
        {cards.length === 0 ? (
          <Text c="dimmed" py="xl" ta="center">
            {mode === 'app' ? t('dashboards.emptyTab') : t('dashboards.emptyTabPublic')}
          </Text>
        ) : (
          <DashboardGrid cards={cards} editing={false} body={body} onClick={onClick} />
        )}
        <ClickMenu
          click={click}
          onClose={() => setClick(null)}
          onFilter={(filterId) => {
            const found = click?.actions.filters.find((f) => f.filter.id === filterId)
            if (found) setValue(filterId, found.value)
            setClick(null)
          }}
          onCross={() => {
            const cross = click?.actions.cross
            if (cross) setCrossFilters((c) => withCrossFilter(c, cross))
            setClick(null)
          }}
          onRows={() => {
            if (!click) return
            const card = dashboard.cards.find((c) => c.id === click.cardId)
            setRows({
              cardId: click.cardId,
              title: card && 'title' in card && card.title ? card.title : '',
              body: { ...body, selection: { column: click.column, value: click.value } },
            })
            setClick(null)
          }}
        />
        <RowsDrawer request={rows} onClose={() => setRows(null)} />
      </Stack>
    </CardRuntimeProvider>
  )
}
