import { chartSpecSchema } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { adaptSpecToType } from './adapt-spec'

const columns = [
  { name: 'month', type: 'date' },
  { name: 'region', type: 'text' },
  { name: 'revenue', type: 'decimal' },
  { name: 'orders', type: 'integer' },
]

describe('adaptSpecToType', () => {
  it('fills a dimension and a metric when a table becomes a chart, keeping other settings', () => {
    const spec = adaptSpecToType(chartSpecSchema.parse({ type: 'table', showLabels: true }), 'bar', columns)
    expect(spec).toMatchObject({ type: 'bar', dimension: 'month', metrics: ['revenue'], showLabels: true })
  })
  it('keeps a chosen dimension and metrics', () => {
    const from = chartSpecSchema.parse({ type: 'bar', dimension: 'region', metrics: ['orders'] })
    expect(adaptSpecToType(from, 'pie', columns)).toMatchObject({ dimension: 'region', metrics: ['orders'] })
  })
  it('puts numbers on both scatter axes', () => {
    const from = chartSpecSchema.parse({ type: 'bar', dimension: 'region', metrics: ['revenue'] })
    expect(adaptSpecToType(from, 'scatter', columns)).toMatchObject({
      dimension: 'orders',
      metrics: ['revenue'],
    })
  })
  it('seeds a pivot from the dimension, breakout and metrics', () => {
    const from = chartSpecSchema.parse({
      type: 'line',
      dimension: 'month',
      breakout: 'region',
      metrics: ['revenue'],
    })
    expect(adaptSpecToType(from, 'pivot', columns).pivot).toMatchObject({
      rows: ['month'],
      columns: ['region'],
      values: [{ column: 'revenue', aggregation: 'sum' }],
    })
  })
})
