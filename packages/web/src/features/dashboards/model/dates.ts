import type { DateRangePreset, DateUnit } from '@vitrina/contracts'

/** Calendar arithmetic on `YYYY-MM-DD` strings, in UTC so no time zone shifts a day. */
const parts = (date: string) => date.slice(0, 10).split('-').map(Number) as [number, number, number]
const iso = (d: Date) => d.toISOString().slice(0, 10)

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date)
  return iso(new Date(Date.UTC(y, m - 1, d + days)))
}

/** The last day of the period of `unit` that starts at `start` (a date bucket of a chart). */
export function periodLastDay(start: string, unit: DateUnit): string {
  const [y, m, d] = parts(start)
  switch (unit) {
    case 'day':
      return iso(new Date(Date.UTC(y, m - 1, d)))
    case 'week':
      return addDays(start, 6)
    case 'month':
      return iso(new Date(Date.UTC(y, m, 0)))
    case 'quarter':
      return iso(new Date(Date.UTC(y, m + 2, 0)))
    case 'year':
      return iso(new Date(Date.UTC(y, 11, 31)))
  }
}

export const isIsoDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)

/** The presets the date-range filter offers, in menu order. */
export const PRESET_ORDER: DateRangePreset[] = [
  'today',
  'yesterday',
  'last-7-days',
  'last-30-days',
  'last-90-days',
  'this-week',
  'this-month',
  'previous-month',
  'this-quarter',
  'this-year',
  'previous-year',
]
