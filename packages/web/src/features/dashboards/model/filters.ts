import type { DashboardFilter, DashboardFilterValue } from '@vitrina/contracts'

export type FilterValues = Record<string, DashboardFilterValue | null>

/** Each filter's value as the dashboard opens: its default, or the value a link locks. */
export function initialFilterValues(
  filters: readonly DashboardFilter[],
  locked: FilterValues = {},
): FilterValues {
  return Object.fromEntries(filters.map((f) => [f.id, f.id in locked ? (locked[f.id] ?? null) : f.default]))
}

/** A value that filters nothing: none, an empty text or list, a range open at both ends. */
export function isEmptyValue(value: DashboardFilterValue | null | undefined): boolean {
  if (value === null || value === undefined || value === '') return true
  if (Array.isArray(value)) return value.length === 0
  if (typeof value === 'object' && 'from' in value) return value.from === null && value.to === null
  return false
}

export function sameValue(a: DashboardFilterValue | null, b: DashboardFilterValue | null): boolean {
  if (isEmptyValue(a) && isEmptyValue(b)) return true
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * What a card run sends for the filters: the current value of every filter the server has saved (a filter
 * added while editing applies once the dashboard is saved). Empty values are sent as null, so a cleared
 * filter does not fall back to its default on the server.
 */
export function runFilterValues(
  filters: readonly DashboardFilter[],
  values: FilterValues,
): Record<string, DashboardFilterValue | null> {
  return Object.fromEntries(
    filters.map((f) => {
      const v = f.id in values ? values[f.id] : f.default
      return [f.id, isEmptyValue(v) ? null : (v ?? null)]
    }),
  )
}
