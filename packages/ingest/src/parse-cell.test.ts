import { describe, expect, it } from 'vitest'
import { excelDate } from './cell'
import { parseCell } from './parse-cell'

const val = (r: ReturnType<typeof parseCell>) => (r.ok ? r.value : `!${r.reason}`)

describe('parseCell', () => {
  it('reads dates in Russian and ISO forms and Excel serials', () => {
    expect(val(parseCell('date', '31.12.2025'))).toBe('2025-12-31')
    expect(val(parseCell('date', '31.12.25'))).toBe('2025-12-31')
    expect(val(parseCell('date', '1.2.99'))).toBe('1999-02-01')
    expect(val(parseCell('date', '2025-12-31'))).toBe('2025-12-31')
    expect(val(parseCell('date', '31/12/2025'))).toBe('2025-12-31')
    expect(val(parseCell('date', '12/31/2025'))).toBe('2025-12-31')
    expect(val(parseCell('date', '5 марта 2024 г.'))).toBe('2024-03-05')
    expect(val(parseCell('date', 45657))).toBe('2024-12-31')
    expect(val(parseCell('date', '45657'))).toBe('2024-12-31')
    expect(val(parseCell('date', excelDate(45657, false)))).toBe('2024-12-31')
    expect(val(parseCell('date', excelDate(44195, true)))).toBe('2024-12-31')
  })

  it('refuses impossible dates and times in date columns', () => {
    expect(val(parseCell('date', '31.02.2025'))).toBe('!not_a_date')
    expect(val(parseCell('date', '2025-13-01'))).toBe('!not_a_date')
    expect(val(parseCell('date', 'вчера'))).toBe('!not_a_date')
    expect(val(parseCell('date', excelDate(45657.5, false)))).toBe('!not_a_date')
    expect(val(parseCell('date', true))).toBe('!not_a_date')
  })

  it('applies the Lotus 1900 leap-year bug', () => {
    expect(val(parseCell('date', 59))).toBe('1900-02-28')
    expect(val(parseCell('date', 61))).toBe('1900-03-01')
    expect(val(parseCell('date', 1))).toBe('1900-01-01')
  })

  it('reads timestamps', () => {
    expect(val(parseCell('timestamp', '31.12.2025 10:30'))).toBe('2025-12-31 10:30:00')
    expect(val(parseCell('timestamp', '2025-12-31T23:59:59.5'))).toBe('2025-12-31 23:59:59.500')
    expect(val(parseCell('timestamp', excelDate(45657.75, false)))).toBe('2024-12-31 18:00:00')
    expect(val(parseCell('timestamp', '2025-12-31'))).toBe('2025-12-31 00:00:00')
    expect(val(parseCell('timestamp', '31.12.2025 25:00'))).toBe('!not_a_timestamp')
  })

  it('reads integers and decimals exactly', () => {
    expect(val(parseCell('integer', '1 234'))).toBe(1234)
    expect(val(parseCell('integer', 12))).toBe(12)
    expect(val(parseCell('integer', '12,5'))).toBe('!not_an_integer')
    expect(val(parseCell('integer', '99999999999999999999'))).toBe('!out_of_range')
    expect(val(parseCell('integer', 'двенадцать'))).toBe('!not_a_number')
    expect(val(parseCell('decimal', '1 234,56'))).toBe('1234.56')
    expect(val(parseCell('decimal', 0.1))).toBe('0.1')
    expect(val(parseCell('decimal', '(1 500,00 ₽)'))).toBe('-1500')
  })

  it('reads booleans', () => {
    for (const t of ['да', 'ДА', 'true', 'TRUE', '1', 'yes', 'истина'])
      expect(val(parseCell('boolean', t))).toBe(true)
    for (const f of ['нет', 'false', '0', 'no', 'ложь']) expect(val(parseCell('boolean', f))).toBe(false)
    expect(val(parseCell('boolean', 1))).toBe(true)
    expect(val(parseCell('boolean', false))).toBe(false)
    expect(val(parseCell('boolean', 'может быть'))).toBe('!not_a_boolean')
  })

  it('gives the same answers on the fast paths for numeric and date cells', () => {
    expect(val(parseCell('decimal', 1e21))).toBe('1000000000000000000000')
    expect(val(parseCell('decimal', -0))).toBe('0')
    expect(val(parseCell('decimal', 43459.51))).toBe('43459.51')
    expect(val(parseCell('integer', 2 ** 60))).toBe('!out_of_range')
    expect(val(parseCell('integer', 2.5))).toBe('!not_an_integer')
    expect(val(parseCell('date', excelDate(45657, false)))).toBe('2024-12-31')
    expect(val(parseCell('date', excelDate(45657, false)))).toBe('2024-12-31')
    expect(val(parseCell('date', excelDate(0, false)))).toBe('!not_a_date')
    expect(val(parseCell('text', '\u00a0 \u00a0'))).toBeNull()
  })

  it('reads a lone dash as empty in number and date columns, as text elsewhere', () => {
    expect(val(parseCell('decimal', '-'))).toBeNull()
    expect(val(parseCell('integer', ' — '))).toBeNull()
    expect(val(parseCell('date', '–'))).toBeNull()
    expect(val(parseCell('text', '-'))).toBe('-')
    expect(val(parseCell('decimal', '-5'))).toBe('-5')
  })

  it('turns anything into text and empties into null', () => {
    expect(val(parseCell('text', '  Москва '))).toBe('Москва')
    expect(val(parseCell('text', 1234.5))).toBe('1234.5')
    expect(val(parseCell('text', excelDate(45657, false)))).toBe('2024-12-31')
    expect(val(parseCell('integer', '   '))).toBeNull()
    expect(val(parseCell('date', null))).toBeNull()
  })
})
