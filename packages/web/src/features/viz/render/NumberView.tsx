import { Center, Group, Stack, Text } from '@mantine/core'
import { IconArrowDownRight, IconArrowUpRight } from '@tabler/icons-react'
import type { ChartSpec } from '@vitrina/contracts'
import { lazy, Suspense, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { sparklineOption } from '../model/chart-option'
import { columnSettings, type FormatLocale, formatNumber } from '../model/format'
import { computeKpi } from '../model/kpi'
import { PALETTE } from '../model/option-context'
import type { VizResult } from '../model/result'

const EChart = lazy(() => import('./EChart'))

/** Number and trend cards: the latest value, its change against the previous period, and (trend) a sparkline. */
export function NumberView({
  result,
  spec,
  locale,
  dark,
}: {
  result: VizResult
  spec: ChartSpec
  locale: FormatLocale
  dark: boolean
}) {
  const { t } = useTranslation()
  const kpi = useMemo(() => computeKpi(result, spec), [result, spec])
  const format = columnSettings(spec, kpi.metric ?? '').number
  const color = (kpi.metric && spec.series[kpi.metric]?.color) || PALETTE[0]!
  const sparkline = useMemo(() => sparklineOption(kpi.history, color), [kpi.history, color])
  const changeText =
    kpi.change === null
      ? null
      : formatNumber(
          kpi.change,
          {
            ...format,
            style: 'percent',
            decimals: 1,
            prefix: kpi.change > 0 ? '+' : '',
            suffix: '',
            compact: false,
          },
          locale,
        )

  return (
    <Stack h="100%" gap={4} justify="center" data-testid="viz-number">
      <Center>
        <Text fz={40} fw={700} lh={1.1} data-testid="viz-number-value">
          {formatNumber(kpi.value, format, locale)}
        </Text>
      </Center>
      {changeText && (
        <Group justify="center" gap={4} c={kpi.good === null ? 'dimmed' : kpi.good ? 'teal' : 'red'}>
          {kpi.change! >= 0 ? <IconArrowUpRight size={16} /> : <IconArrowDownRight size={16} />}
          <Text size="sm" fw={600}>
            {changeText}
          </Text>
          <Text size="sm" c="dimmed">
            {t('charts.vsPrevious', { value: formatNumber(kpi.previous, format, locale) })}
          </Text>
        </Group>
      )}
      {spec.type === 'trend' && kpi.history.length > 1 && (
        <Suspense fallback={null}>
          <EChart option={sparkline} dark={dark} height={60} />
        </Suspense>
      )}
    </Stack>
  )
}
