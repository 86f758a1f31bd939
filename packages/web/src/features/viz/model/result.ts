import type { CellValue } from '@vitrina/contracts'

/** What a visualization draws: the columns and row-major cells of a query result (`QueryRunResult` fits). */
export interface VizColumn {
  name: string
  type: string
}
export interface VizResult {
  columns: readonly VizColumn[]
  rows: readonly (readonly CellValue[])[]
}

/** How a column behaves in a chart: along a time axis, as a measure, or as a category. */
export type ColumnRole = 'temporal' | 'numeric' | 'category'

export function columnRole(type: string): ColumnRole {
  switch (type) {
    case 'date':
    case 'timestamp':
      return 'temporal'
    case 'integer':
    case 'decimal':
    case 'float':
      return 'numeric'
    default:
      return 'category'
  }
}

export function columnIndex(result: VizResult, name: string | null): number {
  if (name === null) return -1
  return result.columns.findIndex((c) => c.name === name)
}

/** Cells arrive as numbers or exact strings (decimals, big integers); charts need numbers. */
export function toNumber(value: CellValue | undefined): number | null {
  if (value === null || value === undefined || value === '') return null
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'boolean') return value ? 1 : 0
  const n = Number(value)
  return Number.isFinite(n) ? n : null
}

/** `YYYY-MM-DD` is a calendar day (no time zone shift); timestamps are read as local wall-clock time. */
export function toDate(value: CellValue | undefined): Date | null {
  if (value === null || value === undefined || typeof value === 'boolean') return null
  if (typeof value === 'number') return new Date(value)
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(value)
  if (!m) {
    const d = new Date(value)
    return Number.isNaN(d.getTime()) ? null : d
  }
  return new Date(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  )
}
