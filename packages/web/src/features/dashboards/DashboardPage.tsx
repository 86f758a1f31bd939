import {
  ActionIcon,
  Button,
  Center,
  Group,
  Loader,
  Select,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core'
import { modals } from '@mantine/modals'
import { IconFilter, IconMaximize, IconPencil, IconPlus, IconRefresh, IconTrash } from '@tabler/icons-react'
import { useQueries, useQueryClient } from '@tanstack/react-query'
import type { ApiDashboard, ApiQuestion, DashboardCard, ParameterValue } from '@vitrina/contracts'
import { useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { api } from '../../data/api-client'
import {
  useDashboardQuery,
  useDeleteDashboardMutation,
  useSaveDashboardMutation,
} from '../../data/dashboards/dashboards-query'
import { dashboardKeys } from '../../data/dashboards/keys'
import { questionKeys } from '../../data/questions/keys'
import { AddCardModal, type NewCard } from './AddCardModal'
import { AddFilterModal } from './AddFilterModal'
import { DashboardGrid } from './DashboardGrid'
import { FilterBar } from './FilterBar'
import { cardParameters, crossFilterValues, initialFilterValues } from './model/filters'
import { applyGridLayout, CARD_SIZES, newItemId, placeNewCard } from './model/layout'
import { createLimiter } from './model/limiter'

/** Question cards that run at once; the rest wait for a free slot (and show their spinner meanwhile). */
const CARD_CONCURRENCY = 6
const REFRESH_CHOICES = [null, 60, 300, 900, 3600]

type Draft = Pick<ApiDashboard, 'name' | 'tabs' | 'cards' | 'filters' | 'refreshSeconds'>

export function DashboardPage() {
  const { dashboardId = '' } = useParams()
  const dashboard = useDashboardQuery(dashboardId)
  if (dashboard.isPending)
    return (
      <Center py="xl">
        <Loader />
      </Center>
    )
  if (dashboard.error) return <ErrorAlert error={dashboard.error} />
  return <DashboardView dashboard={dashboard.data} />
}

function DashboardView({ dashboard }: { dashboard: ApiDashboard }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const save = useSaveDashboardMutation()
  const remove = useDeleteDashboardMutation()
  const limiter = useMemo(() => createLimiter(CARD_CONCURRENCY), [])
  const page = useRef<HTMLDivElement>(null)
  const [draft, setDraft] = useState<Draft | null>(null)
  const [tab, setTab] = useState<string | null>(null)
  const [adding, setAdding] = useState(false)
  const [addingFilter, setAddingFilter] = useState(false)
  const [filterValues, setFilterValues] = useState(() => initialFilterValues(dashboard.filters))
  const shown: Draft = draft ?? dashboard
  const activeTab = shown.tabs.some((x) => x.id === tab) ? tab! : shown.tabs[0]!.id
  const cards = shown.cards.filter((c) => c.tabId === activeTab)
  const editing = draft !== null
  const change = (patch: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...patch } : d))
  const questionCards = shown.cards.flatMap((c) => (c.kind === 'question' ? [c] : []))
  const questions = useQueries({
    queries: [...new Set(questionCards.map((c) => c.questionId))].map((id) => ({
      queryKey: questionKeys.detail(id),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<ApiQuestion>('GET', `/api/questions/${encodeURIComponent(id)}`, undefined, signal),
    })),
  })
  const cardVariables = questionCards.map((c) => {
    const q = questions.find((x) => x.data?.id === c.questionId)?.data
    const variables =
      q?.query.kind === 'native' ? q.query.variables.filter((v) => v.type !== 'field-filter') : []
    return { cardId: c.id, variables: variables.map((v) => v.name) }
  })
  const setFilterValue = (id: string, value: ParameterValue) =>
    setFilterValues((v) => ({ ...v, [id]: value }))

  const addCard = (card: NewCard) => {
    if (!draft) return
    const base = {
      id: newItemId(
        'card',
        draft.cards.map((c) => c.id),
      ),
      tabId: activeTab,
      layout: placeNewCard(draft.cards, activeTab, CARD_SIZES[card.kind]),
    }
    const full: DashboardCard =
      card.kind === 'question' ? { ...base, ...card, visualization: null } : { ...base, ...card }
    change({ cards: [...draft.cards, full] })
  }
  const addTab = () => {
    if (!draft) return
    const id = newItemId(
      'tab',
      draft.tabs.map((x) => x.id),
    )
    change({ tabs: [...draft.tabs, { id, name: `${t('dashboards.addTab')} ${draft.tabs.length + 1}` }] })
    setTab(id)
  }
  const submit = () => {
    if (!draft) return
    save.mutate(
      {
        id: dashboard.id,
        body: { ...draft, description: dashboard.description, collectionId: dashboard.collectionId },
      },
      { onSuccess: () => setDraft(null) },
    )
  }
  const confirmDelete = () =>
    modals.openConfirmModal({
      title: t('dashboards.delete'),
      children: <Text size="sm">{t('dashboards.deleteConfirm', { name: dashboard.name })}</Text>,
      labels: { confirm: t('dashboards.delete'), cancel: t('dashboards.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(dashboard.id, { onSuccess: () => navigate('/dashboards') }),
    })

  return (
    <Stack ref={page} gap="sm" bg="var(--mantine-color-body)">
      <Group justify="space-between">
        {editing ? (
          <TextInput
            aria-label={t('dashboards.name')}
            value={shown.name}
            onChange={(e) => change({ name: e.currentTarget.value })}
            size="md"
            w={420}
          />
        ) : (
          <Title order={2}>{dashboard.name}</Title>
        )}
        <Group gap="xs">
          {editing ? (
            <>
              <Select
                aria-label={t('dashboards.refreshEvery')}
                w={150}
                data={REFRESH_CHOICES.map((s) => ({
                  value: String(s),
                  label:
                    s === null
                      ? t('dashboards.refreshOff')
                      : s === 3600
                        ? t('dashboards.hour')
                        : t('dashboards.minutes', { count: s / 60 }),
                }))}
                value={String(shown.refreshSeconds)}
                onChange={(v) => change({ refreshSeconds: v && v !== 'null' ? Number(v) : null })}
                allowDeselect={false}
                leftSection={<IconRefresh size={14} />}
              />
              <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
                {t('dashboards.addCard')}
              </Button>
              <Button
                variant="default"
                leftSection={<IconFilter size={16} />}
                onClick={() => setAddingFilter(true)}
              >
                {t('dashboards.addFilter')}
              </Button>
              <Button variant="default" onClick={addTab}>
                {t('dashboards.addTab')}
              </Button>
              <Tooltip label={t('dashboards.delete')}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="lg"
                  onClick={confirmDelete}
                  aria-label={t('dashboards.delete')}
                >
                  <IconTrash size={18} />
                </ActionIcon>
              </Tooltip>
              <Button variant="default" onClick={() => setDraft(null)}>
                {t('dashboards.cancel')}
              </Button>
              <Button onClick={submit} loading={save.isPending} disabled={!shown.name.trim()}>
                {t('dashboards.save')}
              </Button>
            </>
          ) : (
            <>
              <Tooltip label={t('dashboards.refresh')}>
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t('dashboards.refresh')}
                  onClick={() =>
                    void queryClient.invalidateQueries({
                      queryKey: [...dashboardKeys.all, 'card', dashboard.id],
                    })
                  }
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
              {dashboard.access === 'edit' && (
                <Button
                  variant="light"
                  leftSection={<IconPencil size={16} />}
                  onClick={() =>
                    setDraft({
                      name: dashboard.name,
                      tabs: dashboard.tabs,
                      cards: dashboard.cards,
                      filters: dashboard.filters,
                      refreshSeconds: dashboard.refreshSeconds,
                    })
                  }
                >
                  {t('dashboards.edit')}
                </Button>
              )}
            </>
          )}
        </Group>
      </Group>
      {save.error && <ErrorAlert error={save.error} />}
      <FilterBar
        filters={shown.filters}
        values={filterValues}
        editing={editing}
        onChange={setFilterValue}
        onRemove={(id) => change({ filters: shown.filters.filter((f) => f.id !== id) })}
      />
      {(shown.tabs.length > 1 || editing) && (
        <Tabs value={activeTab} onChange={setTab}>
          <Tabs.List>
            {shown.tabs.map((x) => (
              <Tabs.Tab key={x.id} value={x.id}>
                {x.name}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      )}
      {editing && (
        <TextInput
          aria-label={t('dashboards.tabName')}
          label={t('dashboards.tabName')}
          value={shown.tabs.find((x) => x.id === activeTab)?.name ?? ''}
          onChange={(e) => {
            const name = e.currentTarget.value
            change({ tabs: shown.tabs.map((x) => (x.id === activeTab ? { ...x, name } : x)) })
          }}
          w={300}
        />
      )}
      {cards.length === 0 ? (
        <Text c="dimmed" py="xl" ta="center">
          {editing ? t('dashboards.emptyTabEditing') : t('dashboards.emptyTab')}
        </Text>
      ) : (
        <DashboardGrid
          dashboardId={dashboard.id}
          cards={cards}
          editing={editing}
          limiter={limiter}
          refreshSeconds={shown.refreshSeconds}
          parametersOf={(cardId) => cardParameters(shown.filters, filterValues, cardId)}
          onLayoutChange={(layout) =>
            setDraft((d) => (d ? { ...d, cards: applyGridLayout(d.cards, layout) } : d))
          }
          onRemove={(id) => change({ cards: shown.cards.filter((c) => c.id !== id) })}
          onSelect={(selection) => {
            if (editing) return
            const value = typeof selection.value === 'boolean' ? String(selection.value) : selection.value
            setFilterValues((v) => ({
              ...v,
              ...crossFilterValues(shown.filters, { column: selection.column, value }),
            }))
          }}
        />
      )}
      <AddCardModal opened={adding} onClose={() => setAdding(false)} onAdd={addCard} />
      <AddFilterModal
        opened={addingFilter}
        onClose={() => setAddingFilter(false)}
        cardVariables={cardVariables}
        onAdd={(filter) => {
          if (!draft) return
          const id = newItemId(
            'filter',
            draft.filters.map((f) => f.id),
          )
          change({ filters: [...draft.filters, { ...filter, id }] })
          setFilterValue(id, filter.default)
        }}
      />
    </Stack>
  )
}
