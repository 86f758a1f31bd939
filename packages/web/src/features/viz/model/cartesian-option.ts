import type { ChartSpec } from '@vitrina/contracts'
import type { EChartsOption, SeriesOption } from 'echarts'
import type { OptionContext } from './option-context'
import { optionHelpers } from './option-context'
import type { VizResult } from './result'
import { extractSeries, type Series, toPercentOfTotal } from './series'

/** Bar/column, line, area and combo charts: one category axis, one or two value axes. */
export function cartesianOption(result: VizResult, spec: ChartSpec, ctx: OptionContext): EChartsOption {
  const h = optionHelpers(result, spec, ctx)
  const data = extractSeries(result, spec)
  const percent = spec.stacking === 'percent' && spec.type !== 'line'
  const series = percent ? toPercentOfTotal(data.series) : data.series
  const horizontal = spec.orientation === 'horizontal' && spec.type === 'bar'
  const firstMetric = spec.metrics[0] ?? ''
  const onRight = (s: Series) =>
    spec.type === 'combo' && s.group === null && comboRole(spec, s.metric).axis === 'right'
  const hasRightAxis = series.some(onRight)
  const valueText = (metric: string, v: number | null | undefined, compact = false) =>
    percent ? `${(v ?? 0).toFixed(compact ? 0 : 1)} %` : h.value(metric, v, compact)

  const categoryAxis = {
    type: 'category' as const,
    data: data.categories.map((c) => h.category(c)),
    show: spec.xAxis.show,
    name: spec.xAxis.title ?? undefined,
    nameLocation: 'middle' as const,
    nameGap: 28,
    axisLabel: { hideOverlap: true },
  }
  const valueAxis = (axis: ChartSpec['yAxis'], metric: string) => ({
    type: 'value' as const,
    show: axis.show,
    name: axis.title ?? undefined,
    min: percent ? 0 : (axis.min ?? undefined),
    max: percent ? 100 : (axis.max ?? undefined),
    axisLabel: { formatter: (v: number) => valueText(metric, v, true) },
  })
  const rightMetric = series.find(onRight)?.metric ?? firstMetric
  const valueAxes = hasRightAxis
    ? [valueAxis(spec.yAxis, firstMetric), valueAxis(spec.y2Axis, rightMetric)]
    : valueAxis(spec.yAxis, firstMetric)

  const seriesOptions: SeriesOption[] = series.map((s, i) => {
    const kind = seriesKind(spec, s)
    const color = h.color(s, i)
    const common = {
      name: h.seriesName(s),
      data: s.values,
      itemStyle: { color },
      label: {
        show: spec.showLabels,
        position: (spec.stacking !== 'none' ? 'inside' : horizontal ? 'right' : 'top') as
          | 'top'
          | 'right'
          | 'inside',
        formatter: (p: { value: unknown }) => valueText(s.metric, p.value as number, true),
      },
      tooltip: { valueFormatter: (v: unknown) => valueText(s.metric, v as number) },
      yAxisIndex: onRight(s) ? 1 : 0,
      stack: spec.stacking !== 'none' && spec.type !== 'line' && kind !== 'line' ? 'total' : undefined,
      markLine: i === 0 ? goalMarkLine(spec, horizontal) : undefined,
    }
    if (kind === 'bar') return { ...common, type: 'bar' }
    return {
      ...common,
      type: 'line',
      smooth: false,
      showSymbol: s.values.length <= 60,
      areaStyle: kind === 'area' ? { opacity: spec.stacking === 'none' ? 0.25 : 0.7 } : undefined,
      lineStyle: { color },
    }
  })

  return {
    color: series.map((s, i) => h.color(s, i)),
    textStyle: { color: h.textColor },
    tooltip: { trigger: 'axis', axisPointer: { type: spec.type === 'bar' ? 'shadow' : 'line' } },
    legend: {
      show: spec.showLegend && series.length > 1,
      type: 'scroll',
      top: 0,
      textStyle: { color: h.textColor },
    },
    grid: {
      left: 12,
      right: 16,
      top: series.length > 1 && spec.showLegend ? 36 : 16,
      bottom: 12,
      containLabel: true,
    },
    xAxis: horizontal ? valueAxes : categoryAxis,
    yAxis: horizontal ? { ...categoryAxis, inverse: true } : valueAxes,
    series: seriesOptions,
  } as EChartsOption
}

function seriesKind(spec: ChartSpec, s: Series): 'bar' | 'line' | 'area' {
  switch (spec.type) {
    case 'bar':
      return 'bar'
    case 'area':
      return 'area'
    case 'combo':
      return s.group === null ? comboRole(spec, s.metric).kind : 'bar'
    default:
      return 'line'
  }
}

function goalMarkLine(spec: ChartSpec, horizontal: boolean) {
  if (spec.goals.length === 0) return undefined
  return {
    silent: true,
    symbol: 'none',
    data: spec.goals.map((g) => ({
      ...(horizontal ? { xAxis: g.value } : { yAxis: g.value }),
      name: g.label,
      lineStyle: { color: g.color, type: 'dashed' as const },
      label: { formatter: g.label || String(g.value), position: 'insideEndTop' as const },
    })),
  }
}

/** A combo series' kind and axis: as set, else the first metric is bars on the left, the rest lines on the right. */
export function comboRole(
  spec: ChartSpec,
  metric: string,
): { kind: 'bar' | 'line' | 'area'; axis: 'left' | 'right' } {
  const own = spec.series[metric]
  if (own) return { kind: own.kind, axis: own.axis }
  return spec.metrics.indexOf(metric) <= 0 ? { kind: 'bar', axis: 'left' } : { kind: 'line', axis: 'right' }
}
