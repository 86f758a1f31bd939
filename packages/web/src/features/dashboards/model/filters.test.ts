import { dashboardFilterSchema } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { initialFilterValues, isEmptyValue, runFilterValues, sameValue } from './filters'

const region = dashboardFilterSchema.parse({
  id: 'region',
  name: 'Регион',
  type: 'text',
  default: ['Москва'],
})
const period = dashboardFilterSchema.parse({ id: 'period', name: 'Период', type: 'date-range' })

describe('dashboard filter values', () => {
  it('start at their defaults, unless a link locks them', () => {
    expect(initialFilterValues([region, period])).toEqual({ region: ['Москва'], period: null })
    expect(initialFilterValues([region, period], { region: ['Казань'] })).toEqual({
      region: ['Казань'],
      period: null,
    })
  })

  it('know an empty value whatever its shape', () => {
    for (const v of [null, '', [], { from: null, to: null }]) expect(isEmptyValue(v)).toBe(true)
    for (const v of ['x', 0, ['a'], { from: 1, to: null }, { preset: 'today' as const }])
      expect(isEmptyValue(v)).toBe(false)
    expect(sameValue([], null)).toBe(true)
    expect(sameValue(['a'], ['a'])).toBe(true)
    expect(sameValue(['a'], ['b'])).toBe(false)
  })

  it('send every saved filter, a cleared one as null so its default does not come back', () => {
    expect(runFilterValues([region, period], { region: [], period: { preset: 'this-month' } })).toEqual({
      region: null,
      period: { preset: 'this-month' },
    })
    expect(runFilterValues([region], {})).toEqual({ region: ['Москва'] })
  })
})
