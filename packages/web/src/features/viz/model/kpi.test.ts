import { chartSpecSchema } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { computeKpi } from './kpi'

const monthly = {
  columns: [
    { name: 'month', type: 'date' },
    { name: 'revenue', type: 'decimal' },
  ],
  rows: [
    ['2025-03-01', '120'],
    ['2025-01-01', '100'],
    ['2025-02-01', '150'],
  ],
}

describe('computeKpi', () => {
  it('compares the last period with the one before, in time order', () => {
    const kpi = computeKpi(
      monthly,
      chartSpecSchema.parse({ type: 'trend', dimension: 'month', metrics: ['revenue'] }),
    )
    expect(kpi).toMatchObject({ value: 120, previous: 150, good: false, history: [100, 150, 120] })
    expect(kpi.change).toBeCloseTo(-0.2)
  })
  it('treats a fall as good news when a rise is bad (costs)', () => {
    const spec = chartSpecSchema.parse({ dimension: 'month', metrics: ['revenue'], kpi: { upIsGood: false } })
    expect(computeKpi(monthly, spec).good).toBe(true)
  })
  it('shows a single number without comparison', () => {
    const kpi = computeKpi(
      { columns: [{ name: 'n', type: 'integer' }], rows: [[42]] },
      chartSpecSchema.parse({}),
    )
    expect(kpi).toMatchObject({ metric: 'n', value: 42, previous: null, change: null, good: null })
  })
})

describe('computeKpi over a breakdown', () => {
  it('sums the metric per period when several rows share one', () => {
    const result = {
      columns: [
        { name: 'month', type: 'date' },
        { name: 'region', type: 'text' },
        { name: 'orders', type: 'integer' },
      ],
      rows: [
        ['2025-01-01', 'Москва', 10],
        ['2025-01-01', 'Казань', 5],
        ['2025-02-01', 'Москва', 12],
        ['2025-02-01', 'Казань', 6],
      ],
    }
    const kpi = computeKpi(
      result,
      chartSpecSchema.parse({ type: 'trend', dimension: 'month', metrics: ['orders'] }),
    )
    expect(kpi).toMatchObject({ value: 18, previous: 15, history: [15, 18] })
  })
})
