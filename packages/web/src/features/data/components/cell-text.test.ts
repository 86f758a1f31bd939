import { describe, expect, it } from 'vitest'
import { formatDateText, formatDecimalText, formatTimestampText } from './cell-text'

describe('cell text', () => {
  it('groups exact decimals in the Russian way without rounding them through a float', () => {
    expect(formatDecimalText('1234.56', 'ru-RU')).toBe('1\u00a0234,56')
    expect(formatDecimalText('-98765432109876543.21', 'ru-RU')).toBe(
      '-98\u00a0765\u00a0432\u00a0109\u00a0876\u00a0543,21',
    )
    expect(formatDecimalText('500', 'ru-RU')).toBe('500')
    expect(formatDecimalText('1234.5', 'en-GB')).toBe('1,234.5')
    expect(formatDecimalText('n/a', 'ru-RU')).toBe('n/a')
  })

  it('writes dates and timestamps day first', () => {
    expect(formatDateText('2025-12-31')).toBe('31.12.2025')
    expect(formatTimestampText('2025-12-31T08:30:00')).toBe('31.12.2025 08:30')
    expect(formatTimestampText('2025-12-31 08:30:15.000')).toBe('31.12.2025 08:30:15')
  })
})
