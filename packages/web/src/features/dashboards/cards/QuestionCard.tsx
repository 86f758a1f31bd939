import { Badge, Center, Group, Loader, Stack, Text } from '@mantine/core'
import { type ChartSpec, type ParameterValue, parseChartSpec } from '@vitrina/contracts'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../../components/ui/ErrorAlert'
import { autoPickChart, Visualization, type VizSelection } from '../../viz'
import type { Limiter } from '../model/limiter'
import { FieldFilterNotSupported } from '../model/question-run'
import { useCardResult } from '../use-card-result'

/** A saved question drawn with the card's chart override, else the question's own chart, else an automatic one. */
export function QuestionCard(props: {
  dashboardId: string
  cardId: string
  questionId: string
  title: string | null
  visualization: ChartSpec | null
  limiter: Limiter
  refreshSeconds: number | null
  parameters: Record<string, ParameterValue>
  toolbar: React.ReactNode
  onSelect: (selection: VizSelection) => void
}) {
  const { t } = useTranslation()
  const { question, run } = useCardResult(props)
  const result = run.data
  const spec = useMemo(() => {
    if (!result || !question.data) return null
    if (props.visualization) return props.visualization
    if (question.data.visualization) return parseChartSpec(question.data.visualization)
    return autoPickChart(result.columns, result.rows.length)
  }, [result, question.data, props.visualization])
  const error = question.error ?? run.error
  const state = error ? 'error' : result ? 'success' : 'pending'

  return (
    <Stack
      h="100%"
      gap={6}
      data-testid="dashboard-question-card"
      data-state={state}
      data-rows={result?.rows.length}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} size="sm" truncate>
          {props.title || question.data?.name || '…'}
        </Text>
        <Group gap={4} wrap="nowrap">
          {result?.cached && (
            <Badge size="xs" variant="light" color="gray">
              cache
            </Badge>
          )}
          {run.isFetching && result && <Loader size={12} />}
          {props.toolbar}
        </Group>
      </Group>
      <div style={{ flex: 1, minHeight: 0 }}>
        {error ? (
          <ErrorAlert
            error={
              error instanceof FieldFilterNotSupported ? new Error(t('dashboards.cardFieldFilter')) : error
            }
          />
        ) : !result ? (
          <Center h="100%">
            <Loader size="sm" />
          </Center>
        ) : (
          spec && <Visualization result={result} spec={spec} onSelect={props.onSelect} />
        )}
      </div>
    </Stack>
  )
}
