import { dashboardFilterSchema } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { clickActions, valueForFilter, withCrossFilter } from './cross-filter'
import type { QuestionViewCard } from './view-data'

const sales = { sourceId: 'warehouse', schema: 'datasets', name: 'sales' }
const builderCard: QuestionViewCard = {
  id: 'b',
  tabId: 'main',
  layout: { x: 0, y: 0, w: 6, h: 4 },
  kind: 'question',
  title: 'По регионам',
  visualization: null,
  drill: {
    questionId: 'q1',
    kind: 'builder',
    sourceId: 'warehouse',
    variables: [],
    tables: [{ alias: null, schema: 'datasets', name: 'sales' }],
    dimensions: [
      { column: 'region', field: { table: null, column: 'region' }, bucket: null },
      { column: 'month', field: { table: null, column: 'sold_on' }, bucket: 'month' },
    ],
  },
}
const nativeCard: QuestionViewCard = {
  ...builderCard,
  id: 'n',
  drill: { ...builderCard.drill!, kind: 'native', tables: [], dimensions: [] },
}
const region = dashboardFilterSchema.parse({
  id: 'region',
  name: 'Регион',
  type: 'text',
  field: { ...sales, column: 'region' },
})
const period = dashboardFilterSchema.parse({
  id: 'period',
  name: 'Период',
  type: 'date-range',
  targets: [{ cardId: 'b', field: { table: null, column: 'sold_on' } }],
})
const legacy = dashboardFilterSchema.parse({
  id: 'r2',
  name: 'Регион (SQL)',
  type: 'text',
  targets: [{ cardId: 'n', variable: 'region' }],
})

describe('a click on a chart', () => {
  it('sets the saved filter about the clicked field, as the filter type wants it', () => {
    const bar = clickActions(builderCard, { column: 'region', value: 'Казань' }, [region, period])
    expect(bar.filters).toEqual([{ filter: region, value: ['Казань'] }])
    expect(bar.cross).toBeNull()
    expect(bar.rows).toBe(true)
    const month = clickActions(builderCard, { column: 'month', value: '2025-02-01' }, [region, period])
    expect(month.filters).toEqual([{ filter: period, value: { from: '2025-02-01', to: '2025-02-28' } }])
  })

  it('makes a dashboard-wide filter of its own when no saved filter is about the field', () => {
    const bar = clickActions(builderCard, { column: 'region', value: 'Казань' }, [period])
    expect(bar.cross).toEqual({ field: { ...sales, column: 'region' }, value: 'Казань', bucket: null })
    expect(
      clickActions(builderCard, { column: 'region', value: 'Казань' }, [region], new Set(['region'])).cross,
    ).toEqual(expect.objectContaining({ value: 'Казань' }))
  })

  it('on a SQL card, sets filters filling a variable named like the column', () => {
    const actions = clickActions(nativeCard, { column: 'region', value: 'Самара' }, [legacy, period])
    expect(actions.filters).toEqual([{ filter: legacy, value: ['Самара'] }])
    expect(actions.cross).toBeNull()
    expect(actions.rows).toBe(false)
  })

  it('skips filters the value does not fit, and replaces an earlier click on the same column', () => {
    expect(valueForFilter('number', 'Казань', null)).toBeNull()
    expect(valueForFilter('date', '2025-02-01', 'month')).toBeNull()
    expect(valueForFilter('number-range', 7, null)).toEqual({ from: 7, to: 7 })
    const a = { field: { ...sales, column: 'region' }, value: 'Казань', bucket: null }
    const b = { ...a, value: 'Москва' }
    const c = { ...a, field: { ...sales, column: 'manager' } }
    expect(withCrossFilter([a, c], b)).toEqual([c, b])
  })
})
