import type { ChartSpec, ChartType } from '@vitrina/contracts'
import type { EChartsOption } from 'echarts'
import { cartesianOption } from './cartesian-option'
import { funnelOption, gaugeOption, pieOption } from './circular-option'
import type { OptionContext } from './option-context'
import type { VizResult } from './result'
import { scatterOption } from './scatter-option'
import { waterfallOption } from './waterfall-option'

/** Which component draws a chart type: ECharts on a canvas, or HTML. */
export type Renderer = 'echarts' | 'table' | 'number' | 'trend' | 'pivot' | 'progress'

export function rendererOf(type: ChartType): Renderer {
  switch (type) {
    case 'bar':
    case 'line':
    case 'area':
    case 'combo':
    case 'pie':
    case 'scatter':
    case 'funnel':
    case 'gauge':
    case 'waterfall':
      return 'echarts'
    case 'table':
    case 'number':
    case 'trend':
    case 'pivot':
    case 'progress':
      return type
  }
}

/** The ECharts option of a chart drawn on a canvas; `labels` are texts the option itself shows. */
export function echartsOption(
  result: VizResult,
  spec: ChartSpec,
  ctx: OptionContext & { labels: { total: string } },
): EChartsOption {
  switch (spec.type) {
    case 'pie':
      return pieOption(result, spec, ctx)
    case 'funnel':
      return funnelOption(result, spec, ctx)
    case 'gauge':
      return gaugeOption(result, spec, ctx)
    case 'scatter':
      return scatterOption(result, spec, ctx)
    case 'waterfall':
      return waterfallOption(result, spec, ctx, ctx.labels.total)
    default:
      return cartesianOption(result, spec, ctx)
  }
}

/** The small line under a trend's number. */
export function sparklineOption(history: number[], color: string): EChartsOption {
  return {
    animation: false,
    grid: { left: 0, right: 0, top: 4, bottom: 4 },
    xAxis: { type: 'category', show: false, data: history.map((_, i) => i) },
    yAxis: { type: 'value', show: false, scale: true },
    series: [
      {
        type: 'line',
        data: history,
        showSymbol: false,
        lineStyle: { color, width: 2 },
        areaStyle: { color, opacity: 0.15 },
      },
    ],
  }
}
