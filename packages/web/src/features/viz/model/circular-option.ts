import type { ChartSpec } from '@vitrina/contracts'
import type { EChartsOption } from 'echarts'
import { type OptionContext, optionHelpers, PALETTE } from './option-context'
import { columnIndex, toNumber, type VizResult } from './result'
import { extractSeries } from './series'

function slices(result: VizResult, spec: ChartSpec, ctx: OptionContext) {
  const h = optionHelpers(result, spec, ctx)
  const metric = spec.metrics[0] ?? ''
  const data = extractSeries(result, { ...spec, breakout: null, metrics: metric ? [metric] : [] })
  const values = data.series[0]?.values ?? []
  const items = data.categories.map((c, i) => ({
    name: h.category(c),
    value: values[i] ?? 0,
    itemStyle: { color: spec.palette[i] ?? PALETTE[i % PALETTE.length] },
  }))
  return { h, metric, items }
}

/** Pie or donut: one slice per dimension value, sized by the first metric. */
export function pieOption(result: VizResult, spec: ChartSpec, ctx: OptionContext): EChartsOption {
  const { h, metric, items } = slices(result, spec, ctx)
  return {
    textStyle: { color: h.textColor },
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => h.value(metric, v as number) },
    legend: {
      show: spec.showLegend,
      type: 'scroll',
      orient: 'vertical',
      right: 0,
      top: 'middle',
      textStyle: { color: h.textColor },
    },
    series: [
      {
        type: 'pie',
        radius: spec.pie.donut ? ['45%', '72%'] : [0, '72%'],
        center: [spec.showLegend ? '40%' : '50%', '50%'],
        data: items,
        label: { show: spec.showLabels, formatter: '{b}: {d} %', color: h.textColor },
      },
    ],
  } as EChartsOption
}

/** Funnel: stages in descending order of the first metric. */
export function funnelOption(result: VizResult, spec: ChartSpec, ctx: OptionContext): EChartsOption {
  const { h, metric, items } = slices(result, spec, ctx)
  const top = Math.max(0, ...items.map((i) => i.value))
  return {
    textStyle: { color: h.textColor },
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => h.value(metric, v as number) },
    legend: { show: false },
    series: [
      {
        type: 'funnel',
        left: '10%',
        width: '80%',
        sort: 'descending',
        min: 0,
        max: top || 1,
        data: items,
        label: {
          show: true,
          position: 'inside',
          formatter: (p: { name: string; value: unknown }) =>
            spec.showLabels ? `${p.name}: ${h.value(metric, p.value as number, true)}` : p.name,
        },
      },
    ],
  } as EChartsOption
}

/** A single value: the first metric of the first row. */
export function singleValue(result: VizResult, spec: ChartSpec): number | null {
  const m = columnIndex(result, spec.metrics[0] ?? null)
  const index = m >= 0 ? m : result.columns.length > 0 ? 0 : -1
  return index >= 0 ? toNumber(result.rows[0]?.[index]) : null
}

/** The top of a gauge or progress bar: as set, else the first goal line, else a round number above the value. */
export function rangeMax(spec: ChartSpec, value: number): number {
  if (spec.gauge.max !== null) return spec.gauge.max
  if (spec.goals[0]) return spec.goals[0].value
  if (value <= 0) return 100
  const magnitude = 10 ** Math.floor(Math.log10(value))
  return Math.ceil((value * 1.2) / magnitude) * magnitude
}

export function gaugeOption(result: VizResult, spec: ChartSpec, ctx: OptionContext): EChartsOption {
  const h = optionHelpers(result, spec, ctx)
  const metric = spec.metrics[0] ?? result.columns[0]?.name ?? ''
  const value = singleValue(result, spec) ?? 0
  return {
    textStyle: { color: h.textColor },
    series: [
      {
        type: 'gauge',
        min: spec.gauge.min,
        max: rangeMax(spec, value),
        progress: { show: true, width: 14 },
        axisLine: { lineStyle: { width: 14 } },
        splitNumber: 4,
        axisLabel: {
          formatter: (v: number) => h.value(metric, v, true),
          color: h.textColor,
          distance: 18,
          fontSize: 10,
        },
        splitLine: { length: 8 },
        pointer: { show: true },
        detail: {
          formatter: () => h.value(metric, value),
          fontSize: 20,
          offsetCenter: [0, '70%'],
          color: h.textColor,
        },
        itemStyle: { color: spec.palette[0] ?? spec.series[metric]?.color ?? PALETTE[0] },
        data: [{ value }],
      },
    ],
  } as EChartsOption
}
