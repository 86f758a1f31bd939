import type { ChartSpec, ChartType } from '@vitrina/contracts'
import { columnRole, type VizColumn } from './result'

/**
 * Switching chart type keeps every setting and fills in what the new type needs from the result:
 * a dimension (time first, else a category), a metric, and for a pivot its rows, columns and values.
 */
export function adaptSpecToType(spec: ChartSpec, type: ChartType, columns: readonly VizColumn[]): ChartSpec {
  const names = new Set(columns.map((c) => c.name))
  const numeric = columns.filter((c) => columnRole(c.type) === 'numeric').map((c) => c.name)
  const temporal = columns.filter((c) => columnRole(c.type) === 'temporal').map((c) => c.name)
  const category = columns.filter((c) => columnRole(c.type) === 'category').map((c) => c.name)
  const metrics = spec.metrics.filter((m) => names.has(m))
  const next: ChartSpec = { ...spec, type, metrics: metrics.length > 0 ? metrics : numeric.slice(0, 1) }
  const dimension = spec.dimension !== null && names.has(spec.dimension) ? spec.dimension : null

  switch (type) {
    case 'scatter':
      next.dimension =
        dimension !== null && numeric.includes(dimension)
          ? dimension
          : (numeric.find((n) => !next.metrics.includes(n)) ?? null)
      break
    case 'number':
    case 'gauge':
    case 'progress':
    case 'table':
      next.dimension = dimension
      break
    case 'pivot':
      if (next.pivot.rows.length === 0 && next.pivot.values.length === 0) {
        const rows = dimension ?? category[0] ?? temporal[0] ?? null
        const split = spec.breakout ?? category.find((c) => c !== rows) ?? null
        next.pivot = {
          ...next.pivot,
          rows: rows ? [rows] : [],
          columns: split ? [split] : [],
          values: next.metrics.map((column) => ({ column, aggregation: 'sum' as const })),
        }
      }
      break
    default:
      next.dimension = dimension ?? temporal[0] ?? category[0] ?? null
  }
  return next
}
