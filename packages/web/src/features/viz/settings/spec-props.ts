import type { ChartSpec } from '@vitrina/contracts'
import { columnRole, type VizColumn } from '../model/result'

/** What every settings section gets: the spec, the result's columns, and a shallow patch to apply. */
export interface SpecSectionProps {
  spec: ChartSpec
  columns: readonly VizColumn[]
  update: (patch: Partial<ChartSpec>) => void
}

export function columnOptions(columns: readonly VizColumn[], role?: 'numeric' | 'not-numeric') {
  return columns
    .filter((c) => {
      if (!role) return true
      const numeric = columnRole(c.type) === 'numeric'
      return role === 'numeric' ? numeric : !numeric
    })
    .map((c) => ({ value: c.name, label: c.name }))
}

/** `''` from a cleared number input means "not set". */
export function numberOrNull(value: string | number): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}
