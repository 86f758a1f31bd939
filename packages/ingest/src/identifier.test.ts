import { describe, expect, it } from 'vitest'
import { toIdentifier } from './identifier'

describe('toIdentifier', () => {
  it('transliterates Cyrillic into snake_case', () => {
    expect(toIdentifier('Выручка / План')).toBe('vyruchka_plan')
    expect(toIdentifier('Дата отгрузки')).toBe('data_otgruzki')
    expect(toIdentifier('Щука ёж Объём')).toBe('shchuka_ezh_obem')
    expect(toIdentifier('Доля, %')).toBe('dolya_pct')
    expect(toIdentifier('№ заказа')).toBe('no_zakaza')
  })

  it('never starts with a digit or _, avoids reserved words, is never empty', () => {
    expect(toIdentifier('2025 год')).toBe('c_2025_god')
    expect(toIdentifier('_hidden')).toBe('hidden')
    expect(toIdentifier('Order')).toBe('order_')
    expect(toIdentifier('select')).toBe('select_')
    expect(toIdentifier('!!!')).toBe('field')
    expect(toIdentifier('Column')).toBe('column_')
    expect(toIdentifier('')).toBe('field')
  })

  it('keeps identifiers unique and at most 63 bytes', () => {
    const taken = new Set<string>()
    expect(toIdentifier('Сумма', taken)).toBe('summa')
    expect(toIdentifier('сумма', taken)).toBe('summa_2')
    expect(toIdentifier('СУММА', taken)).toBe('summa_3')
    const long = 'Очень длинное название столбца, которое никак не помещается в ограничение'
    const a = toIdentifier(long, taken)
    const b = toIdentifier(long, taken)
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(63)
    expect(Buffer.byteLength(b)).toBeLessThanOrEqual(63)
    expect(a).not.toBe(b)
    expect(b.endsWith('_2')).toBe(true)
    for (const id of [a, b]) expect(id).toMatch(/^[a-z][a-z0-9_]*$/)
  })
})
