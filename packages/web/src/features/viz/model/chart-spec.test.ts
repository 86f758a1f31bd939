import { defaultChartSpec, parseChartSpec } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'

describe('chart spec contract', () => {
  it('completes a partial spec with defaults', () => {
    const spec = parseChartSpec({
      type: 'bar',
      metrics: ['revenue'],
      columns: { revenue: { number: { style: 'currency' } } },
    })
    expect(spec.columns.revenue?.number).toEqual({
      style: 'currency',
      currency: 'RUB',
      decimals: null,
      compact: false,
      prefix: '',
      suffix: '',
    })
    expect(spec.stacking).toBe('none')
    expect(defaultChartSpec('pie').pie.donut).toBe(false)
  })
  it('refuses an unknown type and a bad colour, naming the field', () => {
    expect(() => parseChartSpec({ type: 'radar' })).toThrow(/type/)
    expect(() => parseChartSpec({ series: { a: { color: 'red' } } })).toThrow(/colour/)
  })
})
