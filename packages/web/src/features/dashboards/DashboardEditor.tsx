import { ActionIcon, Button, Group, Select, Stack, Tabs, Text, TextInput, Tooltip } from '@mantine/core'
import { modals } from '@mantine/modals'
import { IconFilter, IconPlus, IconRefresh, IconTrash } from '@tabler/icons-react'
import { useQueries } from '@tanstack/react-query'
import type { ApiDashboard, ApiQuestion, DashboardCard, DashboardFilter } from '@vitrina/contracts'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ErrorAlert } from '../../components/ui/ErrorAlert'
import { api } from '../../data/api-client'
import { useDeleteDashboardMutation, useSaveDashboardMutation } from '../../data/dashboards/dashboards-query'
import { questionKeys } from '../../data/questions/keys'
import { AddCardModal, type NewCard } from './AddCardModal'
import { AddFilterModal } from './AddFilterModal'
import { DashboardGrid } from './DashboardGrid'
import { CARD_CONCURRENCY } from './DashboardView'
import { FilterBar } from './FilterBar'
import { runFilterValues } from './model/filters'
import { applyGridLayout, CARD_SIZES, newItemId, placeNewCard } from './model/layout'
import { createLimiter } from './model/limiter'
import { drillOf, drillOfQuestion, viewDataOf } from './model/view-data'
import type { WiringCard } from './model/wiring'
import { CardRuntimeProvider, type DashboardRuntime } from './runtime'

type Draft = Pick<ApiDashboard, 'name' | 'tabs' | 'cards' | 'filters' | 'refreshSeconds'>
const REFRESH_CHOICES = [null, 60, 300, 900, 3600]

/**
 * Editing a dashboard as a draft: name, tabs, cards (drag, resize, add, remove), filters (add, change,
 * remove, wired automatically) and the auto-refresh interval. Saved cards keep showing their results;
 * filters apply to them once the draft is saved.
 */
export function DashboardEditor(props: {
  dashboard: ApiDashboard
  runtime: DashboardRuntime
  onDone: () => void
}) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const { dashboard } = props
  const save = useSaveDashboardMutation()
  const remove = useDeleteDashboardMutation()
  const [draft, setDraft] = useState<Draft>(() => ({
    name: dashboard.name,
    tabs: dashboard.tabs,
    cards: dashboard.cards,
    filters: dashboard.filters,
    refreshSeconds: dashboard.refreshSeconds,
  }))
  const [tab, setTab] = useState<string | null>(null)
  const [adding, setAdding] = useState(false)
  const [filterModal, setFilterModal] = useState<{ editing: DashboardFilter | null } | null>(null)
  const limiter = useMemo(() => createLimiter(CARD_CONCURRENCY), [])
  const change = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }))
  const activeTab = draft.tabs.some((x) => x.id === tab) ? tab! : draft.tabs[0]!.id

  // Questions of cards added in this edit are not in the dashboard's answer yet: fetch them for wiring.
  const known = new Map(dashboard.questions.map((q) => [q.id, q]))
  const savedCards = new Map(dashboard.cards.map((c) => [c.id, c]))
  const added = [
    ...new Set(
      draft.cards.flatMap((c) => (c.kind === 'question' && !known.has(c.questionId) ? [c.questionId] : [])),
    ),
  ]
  const fetched = useQueries({
    queries: added.map((id) => ({
      queryKey: questionKeys.detail(id),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<ApiQuestion>('GET', `/api/questions/${encodeURIComponent(id)}`, undefined, signal),
    })),
  })
  const addedQuestions = new Map(fetched.flatMap((q) => (q.data ? [[q.data.id, q.data] as const] : [])))
  const unsavedIds = new Set(
    draft.cards.flatMap((c) => {
      const saved = savedCards.get(c.id)
      return c.kind === 'question' && (saved?.kind !== 'question' || saved.questionId !== c.questionId)
        ? [c.id]
        : []
    }),
  )
  const view = viewDataOf({ ...dashboard, ...draft })
  const cardTitles = new Map<string, string>()
  const wiring: WiringCard[] = []
  for (const card of draft.cards) {
    if (card.kind !== 'question') continue
    const saved = known.get(card.questionId)
    const fresh = addedQuestions.get(card.questionId)
    cardTitles.set(card.id, card.title || saved?.name || fresh?.name || card.id)
    const drill = saved ? drillOf(saved) : fresh ? drillOfQuestion(fresh) : null
    if (drill) wiring.push({ cardId: card.id, drill })
  }
  const cards = view.cards
    .filter((c) => c.tabId === activeTab)
    .map((c) => (c.kind === 'question' ? { ...c, title: cardTitles.get(c.id) ?? c.title } : c))
  const runtime = useMemo(
    () => ({ ...props.runtime, dashboardKey: dashboard.id, limiter, refreshSeconds: null }),
    [props.runtime, dashboard.id, limiter],
  )

  const addCard = (card: NewCard) => {
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
    const id = newItemId(
      'tab',
      draft.tabs.map((x) => x.id),
    )
    change({ tabs: [...draft.tabs, { id, name: `${t('dashboards.addTab')} ${draft.tabs.length + 1}` }] })
    setTab(id)
  }
  const removeCard = (id: string) =>
    change({
      cards: draft.cards.filter((c) => c.id !== id),
      // A filter keeps its other cards; one left with none is kept too (the user may wire it again).
      filters: draft.filters.map((f) => ({ ...f, targets: f.targets.filter((x) => x.cardId !== id) })),
    })
  const submit = () =>
    save.mutate(
      {
        id: dashboard.id,
        body: { ...draft, description: dashboard.description, collectionId: dashboard.collectionId },
      },
      { onSuccess: props.onDone },
    )
  const confirmDelete = () =>
    modals.openConfirmModal({
      title: t('dashboards.delete'),
      children: <Text size="sm">{t('dashboards.deleteConfirm', { name: dashboard.name })}</Text>,
      labels: { confirm: t('dashboards.delete'), cancel: t('dashboards.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(dashboard.id, { onSuccess: () => navigate('/dashboards') }),
    })

  return (
    <CardRuntimeProvider value={runtime}>
      <Stack gap="sm">
        <Group justify="space-between">
          <TextInput
            aria-label={t('dashboards.name')}
            value={draft.name}
            onChange={(e) => change({ name: e.currentTarget.value })}
            size="md"
            w={420}
          />
          <Group gap="xs">
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
              value={String(draft.refreshSeconds)}
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
              onClick={() => setFilterModal({ editing: null })}
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
            <Button variant="default" onClick={props.onDone}>
              {t('dashboards.cancel')}
            </Button>
            <Button onClick={submit} loading={save.isPending} disabled={!draft.name.trim()}>
              {t('dashboards.save')}
            </Button>
          </Group>
        </Group>
        {save.error && <ErrorAlert error={save.error} />}
        <FilterBar
          filters={draft.filters}
          values={Object.fromEntries(draft.filters.map((f) => [f.id, f.default]))}
          lockedIds={new Set()}
          editing
          onChange={(id, value) =>
            change({ filters: draft.filters.map((f) => (f.id === id ? { ...f, default: value } : f)) })
          }
          onEdit={(id) => setFilterModal({ editing: draft.filters.find((f) => f.id === id) ?? null })}
          onRemove={(id) =>
            change({
              filters: draft.filters
                .filter((f) => f.id !== id)
                .map((f) => ({ ...f, linkedFilterIds: f.linkedFilterIds.filter((l) => l !== id) })),
            })
          }
        />
        <Tabs value={activeTab} onChange={setTab}>
          <Tabs.List>
            {draft.tabs.map((x) => (
              <Tabs.Tab key={x.id} value={x.id}>
                {x.name}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <TextInput
          aria-label={t('dashboards.tabName')}
          label={t('dashboards.tabName')}
          value={draft.tabs.find((x) => x.id === activeTab)?.name ?? ''}
          onChange={(e) => {
            const name = e.currentTarget.value
            change({ tabs: draft.tabs.map((x) => (x.id === activeTab ? { ...x, name } : x)) })
          }}
          w={300}
        />
        {cards.length === 0 ? (
          <Text c="dimmed" py="xl" ta="center">
            {t('dashboards.emptyTabEditing')}
          </Text>
        ) : (
          <DashboardGrid
            cards={cards}
            editing
            unsavedIds={unsavedIds}
            body={{ filters: runFilterValues(dashboard.filters, {}), crossFilters: [] }}
            onLayoutChange={(layout) => setDraft((d) => ({ ...d, cards: applyGridLayout(d.cards, layout) }))}
            onRemove={removeCard}
          />
        )}
        <AddCardModal opened={adding} onClose={() => setAdding(false)} onAdd={addCard} />
        <AddFilterModal
          opened={filterModal !== null}
          editing={filterModal?.editing ?? null}
          filters={draft.filters}
          cards={wiring}
          cardTitles={cardTitles}
          onClose={() => setFilterModal(null)}
          onSave={(filter) => {
            const editing = filterModal?.editing
            if (editing)
              change({
                filters: draft.filters.map((f) => (f.id === editing.id ? { ...filter, id: editing.id } : f)),
              })
            else
              change({
                filters: [
                  ...draft.filters,
                  {
                    ...filter,
                    id: newItemId(
                      'filter',
                      draft.filters.map((f) => f.id),
                    ),
                  },
                ],
              })
          }}
        />
      </Stack>
    </CardRuntimeProvider>
  )
}
