import type { DatasetColumn } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { EMPTY_FILTER, isActive, toRowFilters } from './filters'

const col = (identifier: string, type: DatasetColumn['type']): DatasetColumn => ({
  displayName: identifier,
  identifier,
  type,
  required: false,
  enumValues: null,
})
const COLUMNS = [col('region', 'text'), col('revenue', 'decimal'), col('day', 'date'), col('paid', 'boolean')]

describe('grid filters → API filters', () => {
  it('sends nothing for untouched filters', () => {
    expect(toRowFilters(COLUMNS, { region: EMPTY_FILTER })).toEqual([])
    expect(isActive(EMPTY_FILTER)).toBe(false)
  })

  it('maps each column type to its operators, keeping the typed text for the server to parse', () => {
    const filters = toRowFilters(COLUMNS, {
      region: { ...EMPTY_FILTER, contains: ' Моск ' },
      revenue: { ...EMPTY_FILTER, from: '1 000,50' },
      day: { ...EMPTY_FILTER, from: '01.12.2025', to: '31.12.2025' },
      paid: { ...EMPTY_FILTER, bool: 'false' },
    })
    expect(filters).toEqual([
      { column: 'region', op: 'contains', value: 'Моск' },
      { column: 'revenue', op: 'gte', value: '1 000,50' },
      { column: 'day', op: 'gte', value: '01.12.2025' },
      { column: 'day', op: 'lte', value: '31.12.2025' },
      { column: 'paid', op: 'eq', value: false },
    ])
  })

  it('"empty" wins over the other fields of the same column', () => {
    expect(toRowFilters(COLUMNS, { revenue: { ...EMPTY_FILTER, from: '5', empty: true } })).toEqual([
      { column: 'revenue', op: 'is_null' },
    ])
  })
})
