import { chartSpecSchema } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { computePivot } from './pivot'

const result = {
  columns: [
    { name: 'region', type: 'text' },
    { name: 'city', type: 'text' },
    { name: 'year', type: 'integer' },
    { name: 'revenue', type: 'decimal' },
  ],
  rows: [
    ['Центр', 'Москва', 2024, '100'],
    ['Центр', 'Москва', 2025, '150'],
    ['Центр', 'Тула', 2024, '10'],
    ['Северо-Запад', 'Санкт-Петербург', 2024, '80'],
    ['Северо-Запад', 'Санкт-Петербург', 2025, '90'],
    ['Центр', 'Тула', 2025, '30'],
  ],
}

describe('computePivot', () => {
  const spec = chartSpecSchema.parse({
    type: 'pivot',
    pivot: {
      rows: ['region', 'city'],
      columns: ['year'],
      values: [{ column: 'revenue', aggregation: 'sum' }],
    },
  })

  it('crosses rows and columns with subtotals per region and grand totals', () => {
    const pivot = computePivot(result, spec)
    expect(pivot.columns.map((c) => [c.key, c.total])).toEqual([
      [[2024], false],
      [[2025], false],
      [[], true],
    ])
    expect(pivot.rows.map((r) => [r.kind, r.key, r.cells])).toEqual([
      ['row', ['Северо-Запад', 'Санкт-Петербург'], [80, 90, 170]],
      ['subtotal', ['Северо-Запад'], [80, 90, 170]],
      ['row', ['Центр', 'Москва'], [100, 150, 250]],
      ['row', ['Центр', 'Тула'], [10, 30, 40]],
      ['subtotal', ['Центр'], [110, 180, 290]],
      ['total', [], [190, 270, 460]],
    ])
  })

  it('averages subtotals from the raw rows, and can leave subtotals and totals out', () => {
    const pivot = computePivot(result, {
      ...spec,
      pivot: {
        ...spec.pivot,
        columns: [],
        values: [
          { column: 'revenue', aggregation: 'avg' },
          { column: 'revenue', aggregation: 'count' },
        ],
        subtotals: false,
        grandTotals: true,
      },
    })
    expect(pivot.rows.map((r) => [r.kind, r.cells])).toEqual([
      ['row', [85, 2]],
      ['row', [125, 2]],
      ['row', [20, 2]],
      ['total', [460 / 6, 6]],
    ])
  })
})
