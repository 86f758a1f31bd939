import type { DashboardFilter } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { createShareBody, expiresAtOf, formatFilterValue, initialLocks, lockedFiltersOf } from './share-model'

const filter = (id: string, extra: Partial<DashboardFilter> = {}): DashboardFilter => ({
  id,
  name: id,
  type: 'text',
  default: null,
  field: null,
  linkedFilterIds: [],
  targets: [],
  ...extra,
})

describe('share modal model', () => {
  const now = new Date('2026-03-01T10:00:00Z')

  it('turns the expiry choice into a time: never, days from now, the end of a chosen day', () => {
    expect(expiresAtOf('never', '', now)).toBeNull()
    expect(expiresAtOf('7', '', now)).toBe('2026-03-08T10:00:00.000Z')
    const endOfDay = new Date(expiresAtOf('date', '2026-04-15', now)!)
    expect([endOfDay.getFullYear(), endOfDay.getMonth(), endOfDay.getDate(), endOfDay.getHours()]).toEqual([
      2026, 3, 15, 23,
    ])
    expect(expiresAtOf('date', 'not a date', now)).toBeNull()
  })

  it('starts every filter unlocked with its value on the page, else its default', () => {
    const locks = initialLocks([filter('region', { default: 'Москва' }), filter('period'), filter('n')], {
      period: { preset: 'this-month' },
    })
    expect(locks).toEqual({
      region: { locked: false, value: 'Москва' },
      period: { locked: false, value: { preset: 'this-month' } },
      n: { locked: false, value: null },
    })
  })

  it('sends only locked filters that have a value', () => {
    const body = createShareBody({
      label: '  для партнёров ',
      expiry: 'never',
      expiryDate: '',
      locks: {
        region: { locked: true, value: ['Москва', 'Казань'] },
        period: { locked: false, value: { preset: 'this-month' } },
        empty: { locked: true, value: '' },
        none: { locked: true, value: null },
        range: { locked: true, value: { from: null, to: null } },
      },
      now,
    })
    expect(body).toEqual({
      label: 'для партнёров',
      expiresAt: null,
      lockedFilters: { region: ['Москва', 'Казань'] },
    })
    expect(lockedFiltersOf({ n: { locked: true, value: 0 } })).toEqual({ n: 0 })
  })

  it('formats values for the list of links', () => {
    const preset = (p: string) => `[${p}]`
    expect(formatFilterValue(['Москва', 'Казань'], preset)).toBe('Москва, Казань')
    expect(formatFilterValue({ from: '2025-01-01', to: null }, preset)).toBe('2025-01-01 – …')
    expect(formatFilterValue({ preset: 'last-7-days' }, preset)).toBe('[last-7-days]')
    expect(formatFilterValue(42, preset)).toBe('42')
    expect(formatFilterValue('', preset)).toBeNull()
    expect(formatFilterValue(null, preset)).toBeNull()
  })
})
