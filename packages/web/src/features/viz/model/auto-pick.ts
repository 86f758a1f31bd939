import { type ChartSpec, chartSpecSchema } from '@vitrina/contracts'
import { columnRole, type VizColumn } from './result'

/** More categories than this read better as a table than as bars. */
const MAX_BAR_CATEGORIES = 50

/**
 * A sensible first chart for a result: one number → KPI; time + numbers → line (split by a category
 * when there is one); category + numbers → bar; two numbers → scatter; anything else → table.
 */
export function autoPickChart(columns: readonly VizColumn[], rowCount: number): ChartSpec {
  const temporal = columns.filter((c) => columnRole(c.type) === 'temporal')
  const numeric = columns.filter((c) => columnRole(c.type) === 'numeric')
  const category = columns.filter((c) => columnRole(c.type) === 'category')
  const metrics = numeric.slice(0, 5).map((c) => c.name)

  if (rowCount === 1 && numeric.length === 1 && columns.length === 1) {
    return chartSpecSchema.parse({ type: 'number', metrics })
  }
  if (numeric.length === 0) return chartSpecSchema.parse({ type: 'table' })
  if (temporal.length >= 1 && category.length <= 1) {
    const breakout = category.length === 1 && numeric.length === 1 ? category[0]!.name : null
    return chartSpecSchema.parse({ type: 'line', dimension: temporal[0]!.name, breakout, metrics })
  }
  if (category.length === 1 && temporal.length === 0 && rowCount <= MAX_BAR_CATEGORIES) {
    return chartSpecSchema.parse({ type: 'bar', dimension: category[0]!.name, metrics })
  }
  if (category.length === 2 && temporal.length === 0 && numeric.length === 1 && rowCount <= 500) {
    return chartSpecSchema.parse({
      type: 'bar',
      dimension: category[0]!.name,
      breakout: category[1]!.name,
      metrics,
      stacking: 'stacked',
    })
  }
  if (numeric.length === 2 && columns.length === 2) {
    return chartSpecSchema.parse({
      type: 'scatter',
      dimension: numeric[0]!.name,
      metrics: [numeric[1]!.name],
    })
  }
  return chartSpecSchema.parse({ type: 'table' })
}
