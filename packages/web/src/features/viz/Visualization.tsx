import { Center, Loader, Text, useComputedColorScheme } from '@mantine/core'
import type { CellValue, ChartSpec } from '@vitrina/contracts'
import { lazy, Suspense, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { echartsOption, rendererOf } from './model/chart-option'
import type { FormatLocale } from './model/format'
import type { VizResult } from './model/result'
import { extractSeries } from './model/series'
import { NumberView } from './render/NumberView'
import { hasRequiredColumns } from './render/needs'
import { PivotView } from './render/PivotView'
import { ProgressView } from './render/ProgressView'
import { TableView } from './render/TableView'

// ECharts is loaded on first use, in its own chunk: pages without charts never download it.
const EChart = lazy(() => import('./render/EChart'))

/** A click on a bar, point or slice: the dimension value it stands for (cross-filtering, drill-through). */
export interface VizSelection {
  column: string
  value: CellValue
}

export interface VisualizationProps {
  result: VizResult
  spec: ChartSpec
  /** CSS height of the drawing; the parent's full height by default. */
  height?: number | string
  onSelect?: (selection: VizSelection) => void
  /** false: charts appear drawn at once instead of growing in (dashboards of many cards). */
  animate?: boolean
}

/** Draws a query result as the spec says: ECharts for charts, HTML for tables, numbers, pivots and progress. */
export function Visualization({
  result,
  spec,
  height = '100%',
  onSelect,
  animate = true,
}: VisualizationProps) {
  const { t, i18n } = useTranslation()
  const dark = useComputedColorScheme('light') === 'dark'
  const locale: FormatLocale = i18n.language === 'en' ? 'en-GB' : 'ru-RU'
  const renderer = rendererOf(spec.type)
  const ready = hasRequiredColumns(result, spec)
  const option = useMemo(
    () =>
      renderer === 'echarts' && ready && result.rows.length > 0
        ? echartsOption(result, spec, { locale, dark, labels: { total: t('charts.total') } })
        : null,
    [renderer, ready, result, spec, locale, dark, t],
  )

  const body = (() => {
    if (result.rows.length === 0) return <Message text={t('charts.noRows')} />
    if (!ready) return <Message text={t('charts.pickColumns')} />
    switch (renderer) {
      case 'table':
        return <TableView result={result} spec={spec} locale={locale} />
      case 'number':
      case 'trend':
        return <NumberView result={result} spec={spec} locale={locale} dark={dark} />
      case 'pivot':
        return <PivotView result={result} spec={spec} locale={locale} />
      case 'progress':
        return <ProgressView result={result} spec={spec} locale={locale} />
      case 'echarts': {
        const select = onSelect && spec.dimension !== null && spec.type !== 'scatter' && spec.type !== 'gauge'
        const dimension = spec.dimension
        return (
          <Suspense fallback={<Loader size="sm" m="md" aria-label={t('charts.loadingChart')} />}>
            <EChart
              option={option!}
              dark={dark}
              height="100%"
              animate={animate}
              onItemClick={
                select && dimension
                  ? (index) => {
                      const value = extractSeries(result, spec).categories[index]
                      if (value !== undefined) onSelect({ column: dimension, value })
                    }
                  : undefined
              }
            />
          </Suspense>
        )
      }
    }
  })()

  return (
    <div
      data-testid="visualization"
      data-chart-type={spec.type}
      style={{ height, minHeight: 0, position: 'relative' }}
    >
      {body}
    </div>
  )
}

function Message({ text }: { text: string }) {
  return (
    <Center h="100%" mih={80}>
      <Text c="dimmed" size="sm">
        {text}
      </Text>
    </Center>
  )
}
