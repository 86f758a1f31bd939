import { dashboardFilterSchema } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { cardParameters, crossFilterValues, initialFilterValues, targetsFor } from './filters'

const region = dashboardFilterSchema.parse({
  id: 'region',
  name: 'Регион',
  type: 'text',
  default: 'Москва',
  targets: [
    { cardId: 'a', variable: 'region' },
    { cardId: 'b', variable: 'city_region' },
  ],
})
const since = dashboardFilterSchema.parse({
  id: 'since',
  name: 'С даты',
  type: 'date',
  targets: [{ cardId: 'a', variable: 'since' }],
})

describe('dashboard filters', () => {
  it('start at their defaults and fill the variables of the cards they target', () => {
    const values = initialFilterValues([region, since])
    expect(values).toEqual({ region: 'Москва', since: null })
    expect(cardParameters([region, since], values, 'a')).toEqual({ region: 'Москва' })
    expect(cardParameters([region, since], { region: 'Казань', since: '2025-01-01' }, 'a')).toEqual({
      region: 'Казань',
      since: '2025-01-01',
    })
    expect(cardParameters([region, since], { region: '' }, 'b')).toEqual({})
    expect(cardParameters([region], values, 'c')).toEqual({})
  })
  it('wire themselves to every card whose question has the variable', () => {
    expect(
      targetsFor('region', [
        { cardId: 'a', variables: ['region', 'since'] },
        { cardId: 'b', variables: ['since'] },
        { cardId: 'c', variables: ['region'] },
      ]),
    ).toEqual([
      { cardId: 'a', variable: 'region' },
      { cardId: 'c', variable: 'region' },
    ])
  })
})

describe('cross-filtering', () => {
  it('sets the filters wired to a variable named like the clicked column', () => {
    expect(crossFilterValues([region, since], { column: 'region', value: 'Казань' })).toEqual({
      region: 'Казань',
    })
    expect(crossFilterValues([region, since], { column: 'month', value: '2025-01-01' })).toEqual({})
  })
})
