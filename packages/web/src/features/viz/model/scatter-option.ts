import type { ChartSpec } from '@vitrina/contracts'
import type { EChartsOption, SeriesOption } from 'echarts'
import { type OptionContext, optionHelpers } from './option-context'
import { columnIndex, toNumber, type VizResult } from './result'

const MIN_BUBBLE = 6
const MAX_BUBBLE = 40

/** Scatter (x = dimension, y = first metric), a bubble chart when a size column is set, split by breakout. */
export function scatterOption(result: VizResult, spec: ChartSpec, ctx: OptionContext): EChartsOption {
  const h = optionHelpers(result, spec, ctx)
  const x = columnIndex(result, spec.dimension)
  const metric = spec.metrics[0] ?? null
  const y = columnIndex(result, metric)
  const size = columnIndex(result, spec.scatter.sizeColumn)
  const b = columnIndex(result, spec.breakout)
  const sizes = size >= 0 ? result.rows.map((r) => toNumber(r[size]) ?? 0) : []
  const maxSize = Math.max(1, ...sizes.map(Math.abs))

  const groups = new Map<string, number[][]>()
  result.rows.forEach((row, i) => {
    const key = b >= 0 ? String(row[b] ?? '—') : ''
    const point = [toNumber(row[x]) ?? 0, toNumber(row[y]) ?? 0, size >= 0 ? sizes[i]! : 0]
    groups.set(key, [...(groups.get(key) ?? []), point])
  })
  const series: SeriesOption[] = [...groups.entries()].map(([key, points], i) => ({
    type: 'scatter',
    name: key || (metric ? h.seriesName({ metric, group: null, values: [] }) : ''),
    data: points,
    symbolSize:
      size >= 0
        ? (v: number[]) => MIN_BUBBLE + (Math.abs(v[2] ?? 0) / maxSize) * (MAX_BUBBLE - MIN_BUBBLE)
        : 10,
    itemStyle: { color: spec.palette[i] ?? undefined, opacity: 0.8 },
    label: {
      show: spec.showLabels,
      formatter: (p: { value: unknown }) => h.value(metric ?? '', (p.value as number[])[1], true),
    },
  }))
  const axis = (settings: ChartSpec['xAxis'], column: string | null) => ({
    type: 'value' as const,
    scale: true,
    show: settings.show,
    name: settings.title ?? undefined,
    min: settings.min ?? undefined,
    max: settings.max ?? undefined,
    axisLabel: { formatter: (v: number) => h.value(column ?? '', v, true) },
  })
  return {
    textStyle: { color: h.textColor },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const v = (p as { value: number[] }).value
        return `${h.value(spec.dimension ?? '', v[0])}; ${h.value(metric ?? '', v[1])}`
      },
    },
    legend: { show: spec.showLegend && series.length > 1, top: 0, textStyle: { color: h.textColor } },
    grid: { left: 12, right: 16, top: series.length > 1 ? 36 : 16, bottom: 12, containLabel: true },
    xAxis: axis(spec.xAxis, spec.dimension),
    yAxis: axis(spec.yAxis, metric),
    series,
  } as EChartsOption
}
