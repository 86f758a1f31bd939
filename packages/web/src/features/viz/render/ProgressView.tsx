import { Progress, Stack, Text } from '@mantine/core'
import type { ChartSpec } from '@vitrina/contracts'
import { useTranslation } from 'react-i18next'
import { rangeMax, singleValue } from '../model/circular-option'
import { columnSettings, type FormatLocale, formatNumber } from '../model/format'
import { PALETTE } from '../model/option-context'
import type { VizResult } from '../model/result'

/** Progress towards a goal: the value of the first metric against the gauge maximum or the first goal line. */
export function ProgressView({
  result,
  spec,
  locale,
}: {
  result: VizResult
  spec: ChartSpec
  locale: FormatLocale
}) {
  const { t } = useTranslation()
  const metric = spec.metrics[0] ?? result.columns[0]?.name ?? ''
  const format = columnSettings(spec, metric).number
  const value = singleValue(result, spec) ?? 0
  const max = rangeMax(spec, value)
  const share = max > spec.gauge.min ? (value - spec.gauge.min) / (max - spec.gauge.min) : 0
  const percent = Math.max(0, Math.min(100, share * 100))
  return (
    <Stack h="100%" justify="center" gap="xs" px="md" data-testid="viz-progress">
      <Text fz={28} fw={700}>
        {formatNumber(value, format, locale)}{' '}
        <Text span c="dimmed" fz="md">
          {t('charts.ofMax', { max: formatNumber(max, format, locale) })}
        </Text>
      </Text>
      <Progress
        value={percent}
        size="xl"
        color={share >= 1 ? 'teal' : (spec.series[metric]?.color ?? PALETTE[0])}
        aria-label={`${Math.round(share * 100)} %`}
      />
      <Text size="sm" c="dimmed">
        {formatNumber(
          share,
          { ...format, style: 'percent', decimals: 0, prefix: '', suffix: '', compact: false },
          locale,
        )}
      </Text>
    </Stack>
  )
}
