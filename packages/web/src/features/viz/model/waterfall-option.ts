import type { ChartSpec } from '@vitrina/contracts'
import type { EChartsOption } from 'echarts'
import { type OptionContext, optionHelpers } from './option-context'
import type { VizResult } from './result'
import { extractSeries } from './series'

export interface WaterfallStep {
  label: string
  /** Where the visible bar starts (an invisible stacked bar lifts it). */
  base: number
  /** The bar's height (always positive). */
  height: number
  kind: 'increase' | 'decrease' | 'total'
}

/** Each row is a change; bars float from the running total before it to the running total after it. */
export function waterfallSteps(
  values: (number | null)[],
  labels: string[],
  totalLabel: string | null,
): WaterfallStep[] {
  const steps: WaterfallStep[] = []
  let running = 0
  values.forEach((v, i) => {
    const delta = v ?? 0
    const next = running + delta
    steps.push({
      label: labels[i] ?? '',
      base: Math.min(running, next),
      height: Math.abs(delta),
      kind: delta >= 0 ? 'increase' : 'decrease',
    })
    running = next
  })
  if (totalLabel !== null) {
    steps.push({ label: totalLabel, base: Math.min(0, running), height: Math.abs(running), kind: 'total' })
  }
  return steps
}

const COLORS = { increase: '#40c057', decrease: '#fa5252', total: '#228be6' }

export function waterfallOption(
  result: VizResult,
  spec: ChartSpec,
  ctx: OptionContext,
  totalLabel: string,
): EChartsOption {
  const h = optionHelpers(result, spec, ctx)
  const metric = spec.metrics[0] ?? ''
  const data = extractSeries(result, { ...spec, breakout: null, metrics: metric ? [metric] : [] })
  const steps = waterfallSteps(
    data.series[0]?.values ?? [],
    data.categories.map((c) => h.category(c)),
    spec.waterfall.showTotal ? totalLabel : null,
  )
  return {
    textStyle: { color: h.textColor },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const p = (params as { dataIndex: number }[])[0]
        const step = p ? steps[p.dataIndex] : undefined
        if (!step) return ''
        const sign = step.kind === 'decrease' ? '−' : step.kind === 'increase' ? '+' : ''
        return `${step.label}: ${sign}${h.value(metric, step.height)}`
      },
    },
    grid: { left: 12, right: 16, top: 16, bottom: 12, containLabel: true },
    xAxis: {
      type: 'category',
      data: steps.map((s) => s.label),
      show: spec.xAxis.show,
      name: spec.xAxis.title ?? undefined,
    },
    yAxis: {
      type: 'value',
      show: spec.yAxis.show,
      name: spec.yAxis.title ?? undefined,
      axisLabel: { formatter: (v: number) => h.value(metric, v, true) },
    },
    series: [
      {
        type: 'bar',
        stack: 'waterfall',
        silent: true,
        itemStyle: { color: 'transparent', borderColor: 'transparent' },
        emphasis: { disabled: true },
        data: steps.map((s) => s.base),
      },
      {
        type: 'bar',
        stack: 'waterfall',
        name: h.seriesName({ metric, group: null, values: [] }),
        label: {
          show: spec.showLabels,
          position: 'top',
          formatter: (p: { dataIndex: number }) => h.value(metric, steps[p.dataIndex]?.height ?? 0, true),
        },
        data: steps.map((s) => ({ value: s.height, itemStyle: { color: COLORS[s.kind] } })),
      },
    ],
  } as EChartsOption
}
