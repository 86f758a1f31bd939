import type { DateUnit } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { calendarDate, relativeRange } from './relative-dates'

const field = { kind: 'field' as const, table: null, column: 'd' }
const last = (amount: number, unit: DateUnit, includeCurrent = false) =>
  relativeRange(
    { kind: 'relative-date', field, direction: 'last', amount, unit, includeCurrent },
    '2024-03-31',
  )
const next = (amount: number, unit: DateUnit, includeCurrent = false) =>
  relativeRange(
    { kind: 'relative-date', field, direction: 'next', amount, unit, includeCurrent },
    '2024-03-31',
  )
const period = (which: 'this' | 'previous' | 'next', unit: DateUnit) =>
  relativeRange({ kind: 'period', field, which, unit }, '2024-03-31')

describe('relative date ranges (today = Sunday 2024-03-31), half-open', () => {
  it('last N whole periods before the current one', () => {
    expect(last(30, 'day')).toEqual({ start: '2024-03-01', end: '2024-03-31' })
    expect(last(30, 'day', true)).toEqual({ start: '2024-03-01', end: '2024-04-01' })
    expect(last(2, 'week')).toEqual({ start: '2024-03-11', end: '2024-03-25' })
    expect(last(1, 'month')).toEqual({ start: '2024-02-01', end: '2024-03-01' })
    expect(last(2, 'quarter')).toEqual({ start: '2023-07-01', end: '2024-01-01' })
    expect(last(1, 'year', true)).toEqual({ start: '2023-01-01', end: '2025-01-01' })
  })

  it('next N periods after the current one', () => {
    expect(next(1, 'day')).toEqual({ start: '2024-04-01', end: '2024-04-02' })
    expect(next(1, 'month', true)).toEqual({ start: '2024-03-01', end: '2024-05-01' })
    expect(next(1, 'week')).toEqual({ start: '2024-04-01', end: '2024-04-08' })
  })

  it('this / previous / next period; a week is Monday to Monday', () => {
    expect(period('this', 'week')).toEqual({ start: '2024-03-25', end: '2024-04-01' })
    expect(period('previous', 'month')).toEqual({ start: '2024-02-01', end: '2024-03-01' })
    expect(period('next', 'quarter')).toEqual({ start: '2024-04-01', end: '2024-07-01' })
    expect(period('this', 'year')).toEqual({ start: '2024-01-01', end: '2025-01-01' })
  })

  it("takes today's date in the given zone", () => {
    const lateEvening = new Date('2024-03-31T22:30:00Z')
    expect(calendarDate(lateEvening, 'UTC')).toBe('2024-03-31')
    expect(calendarDate(lateEvening, 'Europe/Moscow')).toBe('2024-04-01')
  })
})
