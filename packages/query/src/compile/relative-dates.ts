import type { DateUnit, Filter } from '@vitrina/contracts'
import { assertUnreachable } from '../errors'

/** Half-open calendar range [start, end) as YYYY-MM-DD. */
export interface DateRange {
  start: string
  end: string
}

type RelativeFilter = Extract<Filter, { kind: 'relative-date' | 'period' }>

/** Calendar date of `now` in `timeZone` (reports are read in the company's zone, not the server's). */
export function calendarDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now)
}

/**
 * Metabase semantics: "last 3 months" on 2024-05-15 is [2024-02-01, 2024-05-01): whole periods before the
 * current one, which joins only with `includeCurrent`. "this week" is Monday to Monday.
 */
export function relativeRange(filter: RelativeFilter, today: string): DateRange {
  const current = startOf(parse(today), filter.unit)
  const at = (n: number) => format(add(current, filter.unit, n))
  if (filter.kind === 'period') {
    switch (filter.which) {
      case 'this':
        return { start: at(0), end: at(1) }
      case 'previous':
        return { start: at(-1), end: at(0) }
      case 'next':
        return { start: at(1), end: at(2) }
      default:
        return assertUnreachable(filter.which)
    }
  }
  const extra = filter.includeCurrent ? 1 : 0
  return filter.direction === 'last'
    ? { start: at(-filter.amount), end: at(extra) }
    : { start: at(1 - extra), end: at(filter.amount + 1) }
}

function parse(date: string): Date {
  return new Date(`${date}T00:00:00Z`)
}

function format(date: Date): string {
  return date.toISOString().slice(0, 10)
}

function startOf(date: Date, unit: DateUnit): Date {
  const y = date.getUTCFullYear()
  const m = date.getUTCMonth()
  switch (unit) {
    case 'day':
      return date
    case 'week': {
      const sinceMonday = (date.getUTCDay() + 6) % 7
      return new Date(Date.UTC(y, m, date.getUTCDate() - sinceMonday))
    }
    case 'month':
      return new Date(Date.UTC(y, m, 1))
    case 'quarter':
      return new Date(Date.UTC(y, m - (m % 3), 1))
    case 'year':
      return new Date(Date.UTC(y, 0, 1))
    default:
      return assertUnreachable(unit)
  }
}

/** `date` is already the start of a `unit` period, so month arithmetic never overflows a short month. */
function add(date: Date, unit: DateUnit, n: number): Date {
  const y = date.getUTCFullYear()
  const m = date.getUTCMonth()
  const d = date.getUTCDate()
  switch (unit) {
    case 'day':
      return new Date(Date.UTC(y, m, d + n))
    case 'week':
      return new Date(Date.UTC(y, m, d + 7 * n))
    case 'month':
      return new Date(Date.UTC(y, m + n, 1))
    case 'quarter':
      return new Date(Date.UTC(y, m + 3 * n, 1))
    case 'year':
      return new Date(Date.UTC(y + n, 0, 1))
    default:
      return assertUnreachable(unit)
  }
}
