import type { ChartSpec } from '@vitrina/contracts'
import { columnIndex, toNumber, type VizResult } from './result'
import { extractSeries } from './series'

export interface Kpi {
  metric: string | null
  value: number | null
  /** The value of the period before (the previous row in time order); null without comparison. */
  previous: number | null
  /** (value − previous) / |previous|; null when there is nothing to compare with. */
  change: number | null
  /** Whether the change is good news (`kpi.upIsGood`), null when there is no change. */
  good: boolean | null
  /** Every value in order, for the trend's sparkline. */
  history: number[]
}

/**
 * Number and trend cards: the last value of the first metric, compared with the previous period. With a
 * dimension the metric is summed per dimension value (several rows of one month add up) in its order;
 * without one, row order is time order.
 */
export function computeKpi(result: VizResult, spec: ChartSpec): Kpi {
  const fallback = result.columns.find((c) => ['integer', 'decimal', 'float'].includes(c.type))?.name ?? null
  const metric = spec.metrics.find((m) => columnIndex(result, m) >= 0) ?? fallback
  if (metric === null) return { metric, value: null, previous: null, change: null, good: null, history: [] }
  const values =
    spec.dimension === null
      ? result.rows.map((r) => toNumber(r[columnIndex(result, metric)]))
      : extractSeries(result, { ...spec, breakout: spec.dimension, metrics: [metric] }).series.reduce<
          (number | null)[]
        >((sum, s) => s.values.map((v, i) => (v === null ? (sum[i] ?? null) : (sum[i] ?? 0) + v)), [])
  const history = values.filter((v): v is number => v !== null)
  const value = history.at(-1) ?? null
  const previous = spec.kpi.comparison === 'previous_row' ? (history.at(-2) ?? null) : null
  const change =
    value !== null && previous !== null && previous !== 0 ? (value - previous) / Math.abs(previous) : null
  const good = change === null || change === 0 ? null : change > 0 === spec.kpi.upIsGood
  return { metric, value, previous, change, good, history }
}
