import { chartSpecSchema } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { cellBackgrounds, columnTotals } from './table-model'

const result = {
  columns: [
    { name: 'city', type: 'text' },
    { name: 'plan', type: 'integer' },
    { name: 'fact', type: 'decimal' },
  ],
  rows: [
    ['Москва', 100, '120.5'],
    ['Тула', 50, '20'],
    ['Омск', 70, null],
  ],
}

describe('table model', () => {
  it('sums numeric columns only', () => {
    expect(columnTotals(result)).toEqual([null, 220, 140.5])
  })
  it('colours cells by rules in order, a whole row when asked, and along a colour scale', () => {
    const spec = chartSpecSchema.parse({
      table: {
        rules: [
          { kind: 'scale', column: 'plan', from: '#000000', to: '#ffffff' },
          { kind: 'value', column: 'fact', operator: '<', value: 50, background: '#ff0000' },
          {
            kind: 'value',
            column: 'city',
            operator: '=',
            value: 'Москва',
            background: '#00ff00',
            wholeRow: true,
          },
        ],
      },
    })
    expect(cellBackgrounds(result, spec)).toEqual([
      ['#00ff00', '#00ff00', '#00ff00'],
      [null, '#000000', '#ff0000'],
      [null, '#666666', null],
    ])
  })
})
