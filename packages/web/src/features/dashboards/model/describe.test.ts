import { describe, expect, it } from 'vitest'
import { describeCross, describeValue } from './describe'

const t = (key: string, options?: Record<string, unknown>) =>
  `${key}${options ? JSON.stringify(options) : ''}`

describe('filter chips in words', () => {
  it('writes lists, ranges, presets and dates in the user locale', () => {
    expect(describeValue(['Москва', 'Казань'], t, 'ru-RU')).toBe('Москва, Казань')
    expect(describeValue(['a', 'b', 'c', 'd', 'e'], t, 'ru-RU')).toBe(
      'a, b, c dashboards.chips.more{"count":2}',
    )
    expect(describeValue({ from: '2025-02-01', to: '2025-02-28' }, t, 'ru-RU')).toBe(
      '01.02.2025 – 28.02.2025',
    )
    // ru-RU groups thousands with a no-break space.
    expect(describeValue({ from: 1000, to: null }, t, 'ru-RU')).toMatch(
      /^dashboards\.chips\.since\{"value":"1\s000"\}$/,
    )
    expect(describeValue({ preset: 'this-month' }, t, 'ru-RU')).toBe('dashboards.presets.this-month')
    expect(describeValue('2025-12-31', t, 'en-GB')).toBe('31/12/2025')
  })

  it('names the clicked column and its value, a date bucket as its period', () => {
    const field = { sourceId: 'w', schema: 's', name: 't', column: 'region' }
    expect(describeCross({ field, value: 'Казань', bucket: null }, 'ru-RU')).toBe('region: Казань')
    expect(
      describeCross({ field: { ...field, column: 'month' }, value: '2025-02-01', bucket: 'month' }, 'ru-RU'),
    ).toMatch(/^month: .*2025/)
  })
})
