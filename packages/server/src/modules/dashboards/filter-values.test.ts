import { describe, expect, it } from 'vitest'
import {
  addDays,
  isIsoDate,
  localToday,
  periodEnd,
  periodStart,
  presetRange,
  resolveFilterValue,
  valueProblem,
} from './filter-values'

describe('filter values', () => {
  it('knows real calendar dates only', () => {
    expect(isIsoDate('2025-02-28')).toBe(true)
    expect(isIsoDate('2025-02-29')).toBe(false)
    expect(isIsoDate('2024-02-29')).toBe(true)
    expect(isIsoDate('31.12.2025')).toBe(false)
    expect(isIsoDate(20250101)).toBe(false)
  })

  it('takes today in the given zone', () => {
    const late = new Date('2025-03-31T22:30:00Z')
    expect(localToday(late, 'UTC')).toBe('2025-03-31')
    expect(localToday(late, 'Europe/Moscow')).toBe('2025-04-01')
  })

  it('finds the period around a date, weeks from Monday', () => {
    expect(periodStart('2025-05-15', 'week')).toBe('2025-05-12')
    expect(periodStart('2025-05-11', 'week')).toBe('2025-05-05')
    expect(periodStart('2025-05-15', 'month')).toBe('2025-05-01')
    expect(periodStart('2025-05-15', 'quarter')).toBe('2025-04-01')
    expect(periodStart('2025-12-31', 'year')).toBe('2025-01-01')
    expect(periodEnd('2025-12-01', 'month')).toBe('2026-01-01')
    expect(periodEnd('2025-10-01', 'quarter')).toBe('2026-01-01')
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
  })

  it('turns presets into inclusive dates relative to today', () => {
    const today = '2025-03-05'
    expect(presetRange('today', today)).toEqual({ from: today, to: today })
    expect(presetRange('yesterday', today)).toEqual({ from: '2025-03-04', to: '2025-03-04' })
    expect(presetRange('last-7-days', today)).toEqual({ from: '2025-02-27', to: today })
    expect(presetRange('last-30-days', today)).toEqual({ from: '2025-02-04', to: today })
    expect(presetRange('this-week', today)).toEqual({ from: '2025-03-03', to: '2025-03-09' })
    expect(presetRange('this-month', today)).toEqual({ from: '2025-03-01', to: '2025-03-31' })
    expect(presetRange('previous-month', today)).toEqual({ from: '2025-02-01', to: '2025-02-28' })
    expect(presetRange('this-quarter', today)).toEqual({ from: '2025-01-01', to: '2025-03-31' })
    expect(presetRange('this-year', today)).toEqual({ from: '2025-01-01', to: '2025-12-31' })
    expect(presetRange('previous-year', today)).toEqual({ from: '2024-01-01', to: '2024-12-31' })
  })

  it('checks a value against the filter type', () => {
    expect(valueProblem('text', ['Москва', 'Казань'])).toBeNull()
    expect(valueProblem('text', { from: 1, to: 2 })).toContain('text')
    expect(valueProblem('number', '5')).toContain('number')
    expect(valueProblem('date', '2025-13-01')).toContain('YYYY-MM-DD')
    expect(valueProblem('number-range', { from: 1, to: null })).toBeNull()
    expect(valueProblem('number-range', { from: '1', to: null })).toContain('range')
    expect(valueProblem('date-range', { preset: 'this-month' })).toBeNull()
    expect(valueProblem('date-range', { from: '2025-01-01', to: 'tomorrow' })).toContain('date range')
  })

  it('resolves values, treating empty ones as no filter', () => {
    const today = '2025-03-05'
    expect(resolveFilterValue('text', 'Москва', today)).toEqual({ kind: 'values', values: ['Москва'] })
    expect(resolveFilterValue('text', [], today)).toBeNull()
    expect(resolveFilterValue('text', '', today)).toBeNull()
    expect(resolveFilterValue('number-range', { from: null, to: null }, today)).toBeNull()
    expect(resolveFilterValue('date-range', { preset: 'this-month' }, today)).toEqual({
      kind: 'date-range',
      from: '2025-03-01',
      to: '2025-03-31',
    })
    expect(resolveFilterValue('date', '2025-03-01', today)).toEqual({ kind: 'date', value: '2025-03-01' })
    expect(resolveFilterValue('number', null, today)).toBeNull()
  })
})
