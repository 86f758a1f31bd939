import type { ChartSpec } from '@vitrina/contracts'
import { columnIndex, type VizResult } from '../model/result'

/** Whether the spec names the columns its chart type needs in this result (else the user is asked to pick). */
export function hasRequiredColumns(result: VizResult, spec: ChartSpec): boolean {
  const has = (name: string | null) => columnIndex(result, name) >= 0
  const metric = spec.metrics.some(has)
  switch (spec.type) {
    case 'table':
      return true
    case 'pivot':
      return (
        spec.pivot.values.some((v) => has(v.column)) &&
        (spec.pivot.rows.some(has) || spec.pivot.columns.some(has))
      )
    case 'number':
    case 'trend':
    case 'gauge':
    case 'progress':
      return metric || result.columns.length === 1
    case 'scatter':
    case 'pie':
    case 'funnel':
    case 'waterfall':
      return metric && has(spec.dimension)
    case 'bar':
    case 'line':
    case 'area':
    case 'combo':
      return metric
  }
}
