import { BANK_TIME_ZONE } from '../domain/queries'
import type { Lang } from './i18n'

const SYMBOLS: Record<string, string> = { RUB: '₽', USD: '$', EUR: '€', CNY: '¥' }

/**
 * Formats a numeric(20,2) string without going through a float: "1234567.5" -> "1 234 567,50 ₽" (ru)
 * or "1,234,567.50 ₽" (en).
 */
export function formatMoney(amount: string, currency: string, lang: Lang): string {
  const negative = amount.startsWith('-')
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.')
  const group = lang === 'ru' ? '\u00a0' : ','
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group)
  const decimal = lang === 'ru' ? ',' : '.'
  const sign = negative ? '−' : ''
  return `${sign}${grouped}${decimal}${fraction.padEnd(2, '0')}\u00a0${SYMBOLS[currency] ?? currency}`
}

export function formatDateTime(value: Date, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    timeZone: BANK_TIME_ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(value)
}

export function formatDate(value: string, lang: Lang): string {
  const [y, m, d] = value.split('-')
  return lang === 'ru' ? `${d}.${m}.${y}` : `${d}/${m}/${y}`
}

/** "40817810000100000042" -> "40817 810 0 0001 0000042", the way statements print it. */
export function formatAccountNumber(number: string): string {
  return `${number.slice(0, 5)} ${number.slice(5, 8)} ${number.slice(8, 9)} ${number.slice(9, 13)} ${number.slice(13)}`
}
