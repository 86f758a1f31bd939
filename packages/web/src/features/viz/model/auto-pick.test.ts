import { describe, expect, it } from 'vitest'
import { autoPickChart } from './auto-pick'

describe('autoPickChart', () => {
  it('shows one number as a KPI', () => {
    const spec = autoPickChart([{ name: 'count', type: 'integer' }], 1)
    expect(spec).toMatchObject({ type: 'number', metrics: ['count'] })
  })
  it('draws time + number as a line', () => {
    const spec = autoPickChart(
      [
        { name: 'month', type: 'date' },
        { name: 'revenue', type: 'decimal' },
      ],
      12,
    )
    expect(spec).toMatchObject({ type: 'line', dimension: 'month', metrics: ['revenue'], breakout: null })
  })
  it('splits a time line by a category when there is one metric', () => {
    const spec = autoPickChart(
      [
        { name: 'month', type: 'timestamp' },
        { name: 'region', type: 'text' },
        { name: 'revenue', type: 'float' },
      ],
      36,
    )
    expect(spec).toMatchObject({ type: 'line', dimension: 'month', breakout: 'region', metrics: ['revenue'] })
  })
  it('draws category + number as bars', () => {
    const spec = autoPickChart(
      [
        { name: 'region', type: 'text' },
        { name: 'revenue', type: 'decimal' },
        { name: 'orders', type: 'integer' },
      ],
      8,
    )
    expect(spec).toMatchObject({ type: 'bar', dimension: 'region', metrics: ['revenue', 'orders'] })
  })
  it('stacks two categories and a number', () => {
    const spec = autoPickChart(
      [
        { name: 'region', type: 'text' },
        { name: 'channel', type: 'text' },
        { name: 'revenue', type: 'decimal' },
      ],
      20,
    )
    expect(spec).toMatchObject({ type: 'bar', dimension: 'region', breakout: 'channel', stacking: 'stacked' })
  })
  it('puts two numbers on a scatter', () => {
    expect(
      autoPickChart(
        [
          { name: 'price', type: 'decimal' },
          { name: 'qty', type: 'integer' },
        ],
        100,
      ),
    ).toMatchObject({ type: 'scatter', dimension: 'price', metrics: ['qty'] })
  })
  it('falls back to a table for text only, or too many categories', () => {
    expect(autoPickChart([{ name: 'name', type: 'text' }], 3).type).toBe('table')
    expect(
      autoPickChart(
        [
          { name: 'client', type: 'text' },
          { name: 'sum', type: 'decimal' },
        ],
        5000,
      ).type,
    ).toBe('table')
  })
})
