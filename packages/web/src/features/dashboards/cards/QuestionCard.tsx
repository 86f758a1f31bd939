import { Badge, Center, Group, Loader, Stack, Text } from '@mantine/core'
import type { DashboardCardRunBody } from '@vitrina/contracts'
import { useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import { autoPickChart, Visualization } from '../../viz'
import { cardPng } from '../export/image-export'
import type { CardClick } from '../model/cross-filter'
import type { QuestionViewCard } from '../model/view-data'
import { useCardRuntime } from '../runtime'
import { useCardResult } from '../use-card-result'
import { CardExportMenu } from './CardExportMenu'

export type CardClickHandler = (click: CardClick, at: { x: number; y: number }) => void

/** A question card: its result, drawn with the card's chart (or an automatic one), with its export menu. */
export function QuestionCard(props: {
  card: QuestionViewCard
  body: Pick<DashboardCardRunBody, 'filters' | 'crossFilters'>
  /** Editing a card not saved yet: the server cannot run it until the dashboard is saved. */
  unsaved: boolean
  toolbar: React.ReactNode
  onClick?: CardClickHandler
}) {
  const { t } = useTranslation()
  const runtime = useCardRuntime()
  const { card } = props
  const box = useRef<HTMLDivElement>(null)
  const pointer = useRef({ x: 0, y: 0 })
  const unavailable = card.drill === null
  const run = useCardResult({
    cardId: card.id,
    version: card.version ?? '',
    body: props.body,
    enabled: !props.unsaved && !unavailable,
  })
  const result = run.data
  const spec = useMemo(
    () => (result ? (card.visualization ?? autoPickChart(result.columns, result.rows.length)) : null),
    [result, card.visualization],
  )
  const error = props.unsaved
    ? null
    : unavailable
      ? new Error(t('dashboards.cardQuestionMissing'))
      : run.error
  const state = error ? 'error' : result ? 'success' : props.unsaved ? 'unsaved' : 'pending'

  return (
    <Stack
      ref={box}
      h="100%"
      gap={6}
      data-testid="dashboard-question-card"
      data-card-id={card.id}
      data-state={state}
      data-rows={result?.rows.length}
      onPointerDown={(e) => {
        pointer.current = { x: e.clientX, y: e.clientY }
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} size="sm" truncate>
          {card.title}
        </Text>
        <Group gap={4} wrap="nowrap">
          {result?.cached && (
            <Badge size="xs" variant="light" color="gray" title={t('dashboards.cachedHint')}>
              {t('dashboards.cached')}
            </Badge>
          )}
          {run.isFetching && result && <Loader size={12} aria-label={t('dashboards.loading')} />}
          {result && (
            <CardExportMenu
              title={card.title}
              onPng={() => cardPng(box.current!, card.title)}
              onData={
                runtime.exportCard
                  ? (format) => runtime.exportCard!(card.id, { ...props.body, format })
                  : undefined
              }
            />
          )}
          {props.toolbar}
        </Group>
      </Group>
      <div style={{ flex: 1, minHeight: 0 }}>
        {error ? (
          <ErrorAlert error={error} />
        ) : props.unsaved ? (
          <Center h="100%">
            <Text c="dimmed" size="sm">
              {t('dashboards.cardAfterSave')}
            </Text>
          </Center>
        ) : !result ? (
          <Center h="100%">
            <Loader size="sm" aria-label={t('dashboards.loading')} />
          </Center>
        ) : (
          spec && (
            <Visualization
              result={result}
              spec={spec}
              animate={false}
              onSelect={
                props.onClick
                  ? (selection) =>
                      props.onClick!(
                        { cardId: card.id, column: selection.column, value: selection.value },
                        pointer.current,
                      )
                  : undefined
              }
            />
          )
        )}
      </div>
    </Stack>
  )
}
