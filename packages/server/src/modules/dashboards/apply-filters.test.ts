import type { DashboardFilter, DashboardFilterInput } from '@vitrina/contracts'
import { dashboardFilterSchema } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { conditionsFor, crossFilterValue, planCardFilters, withConditions } from './apply-filters'

const filter = (f: DashboardFilterInput): DashboardFilter => dashboardFilterSchema.parse(f)
const region = { kind: 'field' as const, table: null, column: 'region' }
const builder = {
  kind: 'builder' as const,
  sourceId: 'warehouse',
  variables: [],
  tables: [
    { alias: null, schema: 'datasets', name: 'sales' },
    { alias: 'c', schema: 'datasets', name: 'customers' },
  ],
}
const native = {
  kind: 'native' as const,
  sourceId: 'warehouse',
  tables: [],
  variables: [
    { name: 'region', type: 'text' as const, default: null, field: null },
    { name: 'date_from', type: 'date' as const, default: null, field: null },
    { name: 'date_to', type: 'date' as const, default: null, field: null },
    {
      name: 'period',
      type: 'field-filter' as const,
      default: null,
      field: { schema: 'datasets', name: 'sales', column: 'sold_on' },
    },
  ],
}

describe('dashboard filters on a card', () => {
  it('turns each value kind into conditions; dates as whole days', () => {
    expect(conditionsFor(region, { kind: 'values', values: ['Москва'] })).toEqual([
      { kind: 'compare', op: '=', field: region, value: 'Москва' },
    ])
    expect(conditionsFor(region, { kind: 'values', values: ['Москва', 'Казань'] })).toEqual([
      { kind: 'in', field: region, values: ['Москва', 'Казань'] },
    ])
    expect(conditionsFor(region, { kind: 'date', value: '2025-12-31' })).toEqual([
      { kind: 'compare', op: '>=', field: region, value: '2025-12-31' },
      { kind: 'compare', op: '<', field: region, value: '2026-01-01' },
    ])
    expect(conditionsFor(region, { kind: 'date-range', from: null, to: '2025-02-28' })).toEqual([
      { kind: 'compare', op: '<', field: region, value: '2025-03-01' },
    ])
    expect(conditionsFor(region, { kind: 'number-range', from: 10, to: 20 })).toEqual([
      { kind: 'compare', op: '>=', field: region, value: 10 },
      { kind: 'compare', op: '<=', field: region, value: 20 },
    ])
  })

  it('ANDs conditions into the question filter', () => {
    const own = { kind: 'not-null' as const, field: region }
    const added = { kind: 'compare' as const, op: '=' as const, field: region, value: 'x' }
    expect(withConditions(own, [])).toBe(own)
    expect(withConditions(null, [added])).toBe(added)
    expect(withConditions(own, [added])).toEqual({ kind: 'and', filters: [own, added] })
  })

  it('applies field targets to builder cards and variables to native ones', () => {
    const f = filter({
      id: 'r',
      name: 'Регион',
      type: 'text',
      targets: [
        { cardId: 'b', field: { table: 'c', column: 'region' } },
        { cardId: 'n', variable: 'region' },
      ],
    })
    const value = { kind: 'values' as const, values: ['Казань'] }
    const b = planCardFilters({
      cardId: 'b',
      question: builder,
      filters: [{ filter: f, value }],
      crossFilters: [],
    })
    expect(b).toEqual({
      parameters: {},
      conditions: [
        { kind: 'compare', op: '=', field: { kind: 'field', table: 'c', column: 'region' }, value: 'Казань' },
      ],
    })
    const n = planCardFilters({
      cardId: 'n',
      question: native,
      filters: [{ filter: f, value }],
      crossFilters: [],
    })
    expect(n).toEqual({ parameters: { region: 'Казань' }, conditions: [] })
    const other = planCardFilters({
      cardId: 'x',
      question: native,
      filters: [{ filter: f, value }],
      crossFilters: [],
    })
    expect(other).toEqual({ parameters: {}, conditions: [] })
  })

  it('fills both ends of a range, or hands the range to a field filter', () => {
    const f = filter({
      id: 'p',
      name: 'Период',
      type: 'date-range',
      targets: [
        { cardId: 'n', variable: 'date_from', variableTo: 'date_to' },
        { cardId: 'f', variable: 'period' },
      ],
    })
    const value = { kind: 'date-range' as const, from: '2025-01-01', to: '2025-03-31' }
    expect(
      planCardFilters({ cardId: 'n', question: native, filters: [{ filter: f, value }], crossFilters: [] })
        .parameters,
    ).toEqual({ date_from: '2025-01-01', date_to: '2025-03-31' })
    expect(
      planCardFilters({ cardId: 'f', question: native, filters: [{ filter: f, value }], crossFilters: [] })
        .parameters,
    ).toEqual({ period: { from: '2025-01-01', to: '2025-03-31' } })
  })

  it('refuses several values for a plain variable', () => {
    const f = filter({
      id: 'r',
      name: 'Регион',
      type: 'text',
      targets: [{ cardId: 'n', variable: 'region' }],
    })
    expect(() =>
      planCardFilters({
        cardId: 'n',
        question: native,
        filters: [{ filter: f, value: { kind: 'values', values: ['a', 'b'] } }],
        crossFilters: [],
      }),
    ).toThrow(expect.objectContaining({ code: 'DASHBOARD_FILTER_VALUE_INVALID' }))
  })

  it('applies a click to every card reading the table, a month bar as the whole month', () => {
    const month = {
      field: { sourceId: 'warehouse', schema: 'datasets', name: 'sales', column: 'sold_on' },
      value: '2025-02-01',
      bucket: 'month' as const,
    }
    expect(crossFilterValue(month)).toEqual({ kind: 'date-range', from: '2025-02-01', to: '2025-02-28' })
    const plan = planCardFilters({ cardId: 'b', question: builder, filters: [], crossFilters: [month] })
    expect(plan.conditions).toEqual([
      {
        kind: 'compare',
        op: '>=',
        field: { kind: 'field', table: null, column: 'sold_on' },
        value: '2025-02-01',
      },
      {
        kind: 'compare',
        op: '<',
        field: { kind: 'field', table: null, column: 'sold_on' },
        value: '2025-03-01',
      },
    ])
    // A native card takes it through the field filter on that column.
    expect(
      planCardFilters({ cardId: 'n', question: native, filters: [], crossFilters: [month] }).parameters,
    ).toEqual({
      period: { from: '2025-02-01', to: '2025-02-28' },
    })
    const byRegion = {
      ...month,
      field: { ...month.field, name: 'customers', column: 'region' },
      value: 'Казань',
      bucket: null,
    }
    expect(
      planCardFilters({ cardId: 'b', question: builder, filters: [], crossFilters: [byRegion] }).conditions,
    ).toEqual([
      { kind: 'compare', op: '=', field: { kind: 'field', table: 'c', column: 'region' }, value: 'Казань' },
    ])
    const elsewhere = { ...byRegion, field: { ...byRegion.field, sourceId: 'crm' } }
    expect(
      planCardFilters({ cardId: 'b', question: builder, filters: [], crossFilters: [elsewhere] }).conditions,
    ).toEqual([])
  })
})
