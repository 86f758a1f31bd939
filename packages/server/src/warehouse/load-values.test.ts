import { describe, expect, it } from 'vitest'
import { loadConverter } from './load-values'
import type { WarehouseColumn } from './warehouse'

describe('load converters', () => {
  const convert = (type: WarehouseColumn['type'], value: Parameters<ReturnType<typeof loadConverter>>[0]) =>
    loadConverter({ identifier: 'c', type, required: false })(value, 7)

  it('pass valid values as the text the engines cast from', () => {
    expect(convert('integer', 42)).toBe('42')
    expect(convert('integer', '-9007199254740993')).toBe('-9007199254740993')
    expect(convert('integer', '-9223372036854775808')).toBe('-9223372036854775808')
    expect(convert('decimal', '-1234.56')).toBe('-1234.56')
    expect(convert('decimal', 1e-7)).toBe('0.0000001')
    expect(convert('date', '2024-02-29')).toBe('2024-02-29')
    expect(convert('timestamp', '2025-12-31 23:59:59.123456')).toBe('2025-12-31 23:59:59.123456')
    expect(convert('boolean', false)).toBe('false')
    expect(convert('text', 12.5)).toBe('12.5')
  })

  it('refuse what an engine would round or misread, naming row and column', () => {
    for (const [type, value] of [
      ['integer', 1.5],
      ['integer', '1.5'],
      ['integer', '9223372036854775808'],
      ['integer', -(2n ** 63n) - 1n],
      ['decimal', '1.12345678901'],
      ['decimal', '1 234,56'],
      ['date', '31.12.2025'],
      ['date', '2025-02-29'],
      ['timestamp', '2025-12-31 24:00:00'],
      ['boolean', 'да'],
    ] as const) {
      expect(() => convert(type, value)).toThrow(/^Row 7, column c: /)
    }
  })
})
