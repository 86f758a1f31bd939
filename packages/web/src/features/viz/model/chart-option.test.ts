import { type ChartSpecInput, chartSpecSchema } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { comboRole } from './cartesian-option'
import { echartsOption } from './chart-option'
import { rangeMax } from './circular-option'
import { waterfallSteps } from './waterfall-option'

const sales = {
  columns: [
    { name: 'month', type: 'date' },
    { name: 'region', type: 'text' },
    { name: 'revenue', type: 'decimal' },
    { name: 'orders', type: 'integer' },
  ],
  rows: [
    ['2025-02-01', 'Москва', '300', 3],
    ['2025-01-01', 'Москва', '100', 1],
    ['2025-01-01', 'Казань', '300', 2],
    ['2025-02-01', 'Казань', '100', 4],
  ],
}
const ctx = { locale: 'ru-RU' as const, dark: false, labels: { total: 'Итого' } }
// biome-ignore lint/suspicious/noExplicitAny: reading into the untyped ECharts option tree
const option = (input: ChartSpecInput): any => echartsOption(sales, chartSpecSchema.parse(input), ctx)

describe('echartsOption', () => {
  it('splits a metric into a series per breakout value over time-ordered categories', () => {
    const o = option({ type: 'bar', dimension: 'month', breakout: 'region', metrics: ['revenue'] })
    expect(o.xAxis.data).toEqual(['01.01.2025', '01.02.2025'])
    expect(o.series.map((s: { name: string; data: unknown }) => [s.name, s.data])).toEqual([
      ['Москва', [100, 300]],
      ['Казань', [300, 100]],
    ])
  })
  it('stacks to 100 % with a 0–100 axis', () => {
    const o = option({
      type: 'bar',
      dimension: 'month',
      breakout: 'region',
      metrics: ['revenue'],
      stacking: 'percent',
    })
    expect(o.series[0].stack).toBe('total')
    expect(o.series[0].data).toEqual([25, 75])
    expect(o.yAxis).toMatchObject({ min: 0, max: 100 })
  })
  it('turns columns into horizontal bars and draws goal lines', () => {
    const o = option({
      type: 'bar',
      dimension: 'region',
      metrics: ['orders'],
      orientation: 'horizontal',
      goals: [{ value: 5, label: 'План' }],
    })
    expect(o.yAxis.type).toBe('category')
    expect(o.series[0].markLine.data[0]).toMatchObject({ xAxis: 5, name: 'План' })
  })
  it('puts the second metric of a combo on a right-hand line axis by default', () => {
    const spec = { type: 'combo' as const, dimension: 'region', metrics: ['revenue', 'orders'] }
    const o = option(spec)
    expect(o.series.map((s: { type: string; yAxisIndex: number }) => [s.type, s.yAxisIndex])).toEqual([
      ['bar', 0],
      ['line', 1],
    ])
    expect(o.yAxis).toHaveLength(2)
    expect(
      comboRole(chartSpecSchema.parse({ ...spec, series: { orders: { kind: 'area' } } }), 'orders'),
    ).toEqual({
      kind: 'area',
      axis: 'left',
    })
  })
  it('formats value axes and tooltips by the metric format', () => {
    const o = option({
      type: 'line',
      dimension: 'month',
      metrics: ['revenue'],
      columns: { revenue: { number: { style: 'currency', decimals: 0 } } },
    })
    expect(o.series[0].tooltip.valueFormatter(1500).replace(/[\u00a0\u202f]/g, ' ')).toBe('1 500 ₽')
  })
  it('draws pie slices, a donut, a funnel and a gauge from the first metric', () => {
    const pie = option({ type: 'pie', dimension: 'region', metrics: ['orders'], pie: { donut: true } })
    expect(pie.series[0].radius).toEqual(['45%', '72%'])
    expect(pie.series[0].data.map((d: { name: string; value: number }) => [d.name, d.value])).toEqual([
      ['Москва', 3],
      ['Москва', 1],
      ['Казань', 2],
      ['Казань', 4],
    ])
    expect(option({ type: 'funnel', dimension: 'region', metrics: ['orders'] }).series[0].type).toBe('funnel')
    const gauge = option({ type: 'gauge', metrics: ['orders'], gauge: { max: 10 } })
    expect(gauge.series[0]).toMatchObject({ type: 'gauge', max: 10, data: [{ value: 3 }] })
  })
  it('sizes bubbles by the size column', () => {
    const o = option({
      type: 'scatter',
      dimension: 'orders',
      metrics: ['revenue'],
      scatter: { sizeColumn: 'orders' },
    })
    expect(o.series[0].data[0]).toEqual([3, 300, 3])
    expect(o.series[0].symbolSize([0, 0, 4])).toBe(40)
  })
})

describe('waterfallSteps', () => {
  it('floats each change from the running total and closes with the total', () => {
    expect(waterfallSteps([100, -30, 50], ['a', 'b', 'c'], 'Итого')).toEqual([
      { label: 'a', base: 0, height: 100, kind: 'increase' },
      { label: 'b', base: 70, height: 30, kind: 'decrease' },
      { label: 'c', base: 70, height: 50, kind: 'increase' },
      { label: 'Итого', base: 0, height: 120, kind: 'total' },
    ])
  })
})

describe('rangeMax', () => {
  it('takes the set maximum, else the first goal, else a round number above the value', () => {
    expect(rangeMax(chartSpecSchema.parse({ gauge: { max: 50 } }), 10)).toBe(50)
    expect(rangeMax(chartSpecSchema.parse({ goals: [{ value: 80 }] }), 10)).toBe(80)
    expect(rangeMax(chartSpecSchema.parse({}), 734)).toBe(900)
  })
})
