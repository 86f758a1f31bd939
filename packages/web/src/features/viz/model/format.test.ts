import { chartSpecSchema, numberFormatSchema } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { formatCell, formatDate, formatNumber } from './format'

// Intl puts no-break spaces (U+00A0, U+202F) in Russian numbers; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ')
const fmt = (input: object) => numberFormatSchema.parse(input)

describe('number formats', () => {
  it('groups thousands and uses a decimal comma in ru-RU by default', () => {
    expect(plain(formatNumber(1234567.891))).toBe('1 234 567,89')
    expect(plain(formatNumber('98765.4321'))).toBe('98 765,43')
  })
  it('shows roubles with the ₽ sign after the number', () => {
    expect(plain(formatNumber(1234.5, fmt({ style: 'currency', decimals: 2 })))).toBe('1 234,50 ₽')
  })
  it('writes percent, compact and fixed decimals', () => {
    expect(plain(formatNumber(0.256, fmt({ style: 'percent', decimals: 1 })))).toBe('25,6 %')
    expect(plain(formatNumber(1_250_000, fmt({ compact: true })))).toBe('1,3 млн')
    expect(plain(formatNumber(3, fmt({ decimals: 2, prefix: '~', suffix: ' шт.' })))).toBe('~3,00 шт.')
  })
  it('follows the English locale when asked', () => {
    expect(formatNumber(1234.5, fmt({}), 'en-GB')).toBe('1,234.5')
  })
  it('shows a dash for empty and non-numeric cells', () => {
    expect(formatNumber(null)).toBe('—')
    expect(formatNumber('abc')).toBe('—')
  })
})

describe('date formats', () => {
  it('reads a YYYY-MM-DD cell as that calendar day, day-first', () => {
    expect(formatDate('2025-12-31')).toBe('31.12.2025')
    expect(formatDate('2025-12-31', { unit: 'year' })).toBe('2025')
    expect(formatDate('2025-11-05', { unit: 'quarter' })).toBe('4 кв. 2025')
    expect(formatDate('2025-11-05', { unit: 'quarter' }, 'en-GB')).toBe('Q4 2025')
    expect(formatDate('2025-03-01', { unit: 'month' })).toMatch(/^мар.* 2025/)
  })
  it('adds the time of a timestamp automatically', () => {
    expect(formatDate('2025-12-31 14:05:00')).toBe('31.12.2025, 14:05')
  })
})

describe('cells', () => {
  it('formats by column type with the per-column format', () => {
    const spec = chartSpecSchema.parse({
      columns: { revenue: { number: { style: 'currency', decimals: 0 } } },
    })
    expect(plain(formatCell(1500, { name: 'revenue', type: 'decimal' }, spec, 'ru-RU'))).toBe('1 500 ₽')
    expect(formatCell('2025-01-02', { name: 'day', type: 'date' }, spec, 'ru-RU')).toBe('02.01.2025')
    expect(formatCell('Москва', { name: 'city', type: 'text' }, spec, 'ru-RU')).toBe('Москва')
    expect(formatCell(null, { name: 'city', type: 'text' }, spec, 'ru-RU')).toBe('—')
  })
})
