import type { DashboardFilterType, DashboardFilterValue, DateRangePreset, DateUnit } from '@vitrina/contracts'
import { assertUnreachable } from '@vitrina/query'

/**
 * A filter value checked against its filter's type and made concrete: presets become dates, a category is
 * always a list. Range ends are inclusive; a null end is open.
 */
export type ResolvedFilterValue =
  | { kind: 'values'; values: (string | number)[] }
  | { kind: 'number'; value: number }
  | { kind: 'date'; value: string }
  | { kind: 'number-range'; from: number | null; to: number | null }
  | { kind: 'date-range'; from: string | null; to: string | null }

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export function isIsoDate(text: unknown): text is string {
  if (typeof text !== 'string') return false
  const m = ISO_DATE.exec(text)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === text
}

/** The calendar date of `now` in the server's time zone (`TZ`), as `YYYY-MM-DD`. */
export function localToday(now = new Date(), timeZone?: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now)
}

const parts = (date: string) => date.split('-').map(Number) as [number, number, number]
const iso = (d: Date) => d.toISOString().slice(0, 10)

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date)
  return iso(new Date(Date.UTC(y, m - 1, d + days)))
}

/** The first day of the period of `unit` that holds `date` (weeks start on Monday). */
export function periodStart(date: string, unit: DateUnit): string {
  const [y, m, d] = parts(date)
  switch (unit) {
    case 'day':
      return date
    case 'week': {
      const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7
      return addDays(date, -weekday)
    }
    case 'month':
      return iso(new Date(Date.UTC(y, m - 1, 1)))
    case 'quarter':
      return iso(new Date(Date.UTC(y, m - 1 - ((m - 1) % 3), 1)))
    case 'year':
      return iso(new Date(Date.UTC(y, 0, 1)))
    default:
      return assertUnreachable(unit)
  }
}

/** The first day after the period of `unit` that starts at `start`. */
export function periodEnd(start: string, unit: DateUnit): string {
  const [y, m] = parts(start)
  switch (unit) {
    case 'day':
      return addDays(start, 1)
    case 'week':
      return addDays(start, 7)
    case 'month':
      return iso(new Date(Date.UTC(y, m, 1)))
    case 'quarter':
      return iso(new Date(Date.UTC(y, m + 2, 1)))
    case 'year':
      return iso(new Date(Date.UTC(y + 1, 0, 1)))
    default:
      return assertUnreachable(unit)
  }
}

/** A preset as inclusive dates, relative to `today`. */
export function presetRange(preset: DateRangePreset, today: string): { from: string; to: string } {
  const period = (unit: DateUnit, back = 0) => {
    let start = periodStart(today, unit)
    for (let i = 0; i < back; i++) start = periodStart(addDays(start, -1), unit)
    return { from: start, to: addDays(periodEnd(start, unit), -1) }
  }
  switch (preset) {
    case 'today':
      return { from: today, to: today }
    case 'yesterday': {
      const y = addDays(today, -1)
      return { from: y, to: y }
    }
    case 'last-7-days':
      return { from: addDays(today, -6), to: today }
    case 'last-30-days':
      return { from: addDays(today, -29), to: today }
    case 'last-90-days':
      return { from: addDays(today, -89), to: today }
    case 'this-week':
      return period('week')
    case 'this-month':
      return period('month')
    case 'previous-month':
      return period('month', 1)
    case 'this-quarter':
      return period('quarter')
    case 'this-year':
      return period('year')
    case 'previous-year':
      return period('year', 1)
    default:
      return assertUnreachable(preset)
  }
}

/** Why a value does not fit a filter of `type` (null when it fits). */
export function valueProblem(type: DashboardFilterType, value: DashboardFilterValue): string | null {
  const isRange = typeof value === 'object' && !Array.isArray(value) && 'from' in value
  switch (type) {
    case 'text':
      return typeof value === 'string' || Array.isArray(value) ? null : 'a text filter takes text or a list'
    case 'number':
      return typeof value === 'number' ? null : 'a number filter takes a number'
    case 'date':
      return isIsoDate(value) ? null : 'a date filter takes a date as YYYY-MM-DD'
    case 'number-range':
      return isRange && [value.from, value.to].every((v) => v === null || typeof v === 'number')
        ? null
        : 'a number range takes { from, to } numbers'
    case 'date-range':
      if (typeof value === 'object' && !Array.isArray(value) && 'preset' in value) return null
      return isRange && [value.from, value.to].every((v) => v === null || isIsoDate(v))
        ? null
        : 'a date range takes { from, to } dates as YYYY-MM-DD, or a preset'
    default:
      return assertUnreachable(type)
  }
}

/**
 * The value a filter applies, or null when it applies nothing (no value, an empty list, an open range).
 * Call `valueProblem` first: a value of the wrong shape for the type is treated as no value.
 */
export function resolveFilterValue(
  type: DashboardFilterType,
  value: DashboardFilterValue | null,
  today: string,
): ResolvedFilterValue | null {
  if (value === null || valueProblem(type, value) !== null) return null
  switch (type) {
    case 'text': {
      const values = (Array.isArray(value) ? value : [value as string]).filter((v) => v !== '')
      return values.length === 0 ? null : { kind: 'values', values }
    }
    case 'number':
      return { kind: 'number', value: value as number }
    case 'date':
      return { kind: 'date', value: value as string }
    case 'number-range': {
      const r = value as { from: number | null; to: number | null }
      return r.from === null && r.to === null ? null : { kind: 'number-range', from: r.from, to: r.to }
    }
    case 'date-range': {
      const r =
        'preset' in (value as object)
          ? presetRange((value as { preset: DateRangePreset }).preset, today)
          : (value as { from: string | null; to: string | null })
      return r.from === null && r.to === null ? null : { kind: 'date-range', from: r.from, to: r.to }
    }
    default:
      return assertUnreachable(type)
  }
}
