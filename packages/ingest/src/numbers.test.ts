import { describe, expect, it } from 'vitest'
import { normaliseDecimal, numberToDecimal, parseDecimalText, shiftDecimalLeft } from './numbers'

describe('parseDecimalText', () => {
  it.each([
    ['1 234,56', '1234.56'],
    ['1234.56', '1234.56'],
    ['1\u00a0234\u00a0567,8', '1234567.8'],
    ['1\u2009234,5', '1234.5'],
    ['1\u202f234', '1234'],
    ['(123)', '-123'],
    ['\u2212123', '-123'],
    ['-0,50', '-0.5'],
    ['12,5%', '0.125'],
    ['5%', '0.05'],
    ['-150%', '-1.5'],
    ['1 000 ₽', '1000'],
    ['1 000 р.', '1000'],
    ['250 руб.', '250'],
    ['250руб', '250'],
    ['$5.25', '5.25'],
    ['€ 1,234.50', '1234.5'],
    ['1,234,567', '1234567'],
    ['1.234.567', '1234567'],
    ['1.234,56', '1234.56'],
    ['0007', '7'],
    ['.5', '0.5'],
    ['+42', '42'],
    ['12345678901234567890.123456789', '12345678901234567890.123456789'],
    // Plain [-]digits[,|.digits] take a one-pass path: zeros, signs and commas as in the general one.
    ['0', '0'],
    ['-0,00', '0'],
    ['00.10', '0.1'],
    ['-0123,4500', '-123.45'],
    ['12.000', '12'],
    ['1,234', '1.234'],
    ['-100,10', '-100.1'],
    ['123.45', '123.45'],
  ])('%s -> %s', (input, want) => {
    expect(parseDecimalText(input)).toBe(want)
  })

  it.each(['', 'abc', '12abc', '1,2,3', '1.2.3', '--1', '1 2 3 4,5,6', '12.5.2025', '7,', '-', '5-'])(
    'refuses %j',
    (input) => {
      expect(parseDecimalText(input)).toBeNull()
    },
  )
})

describe('exact decimals', () => {
  it('normalises without going through floats', () => {
    expect(normaliseDecimal('-001234.5600')).toBe('-1234.56')
    expect(normaliseDecimal('-0.000')).toBe('0')
    expect(shiftDecimalLeft('12.5', 2)).toBe('0.125')
    expect(shiftDecimalLeft('0.1', 2)).toBe('0.001')
  })

  it('prints doubles as plain decimals', () => {
    expect(numberToDecimal(0.1)).toBe('0.1')
    expect(numberToDecimal(1e21)).toBe('1000000000000000000000')
    expect(numberToDecimal(1.5e-7)).toBe('0.00000015')
    expect(numberToDecimal(-43459.51)).toBe('-43459.51')
    expect(numberToDecimal(Number.NaN)).toBeNull()
  })
})
