import { describe, expect, it } from 'vitest'
import { formatAccountNumber, formatDate, formatMoney } from './format'

describe('format', () => {
  it('groups money digits per language without floats', () => {
    expect(formatMoney('1234567.5', 'RUB', 'ru')).toBe('1\u00a0234\u00a0567,50\u00a0₽')
    expect(formatMoney('-99999999999999999.99', 'USD', 'en')).toBe('−99,999,999,999,999,999.99\u00a0$')
    expect(formatMoney('0.00', 'XXX', 'en')).toBe('0.00\u00a0XXX')
  })

  it('prints dates and account numbers like a statement', () => {
    expect(formatDate('2026-03-08', 'ru')).toBe('08.03.2026')
    expect(formatAccountNumber('40817810000010000042')).toBe('40817 810 0 0001 0000042')
  })
})
