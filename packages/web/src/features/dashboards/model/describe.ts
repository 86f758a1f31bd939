import type { CellValue, DashboardCrossFilter, DashboardFilterValue } from '@vitrina/contracts'
import { type FormatLocale, formatDate, formatNumber } from '../../viz'
import { isIsoDate } from './dates'

type T = (key: string, options?: Record<string, unknown>) => string

const cell = (v: CellValue, locale: FormatLocale) =>
  typeof v === 'number'
    ? formatNumber(v, undefined, locale)
    : isIsoDate(v)
      ? formatDate(v, { unit: 'day' }, locale)
      : String(v)

/** A filter value in words for its chip: "Москва, Казань", "1 000 – 5 000", "01.02.2025 – 28.02.2025". */
export function describeValue(value: DashboardFilterValue, t: T, locale: FormatLocale): string {
  if (Array.isArray(value)) {
    const shown = value.slice(0, 3).map((v) => cell(v, locale))
    return value.length > 3
      ? `${shown.join(', ')} ${t('dashboards.chips.more', { count: value.length - 3 })}`
      : shown.join(', ')
  }
  if (typeof value === 'object') {
    if ('preset' in value) return t(`dashboards.presets.${value.preset}`)
    const from = value.from === null ? null : cell(value.from, locale)
    const to = value.to === null ? null : cell(value.to, locale)
    if (from !== null && to !== null) return from === to ? from : `${from} – ${to}`
    return from !== null
      ? t('dashboards.chips.since', { value: from })
      : t('dashboards.chips.until', { value: to })
  }
  return cell(value, locale)
}

/** A click's own filter in words: "region: Казань", "month: 02.2025". */
export function describeCross(cross: DashboardCrossFilter, locale: FormatLocale): string {
  const value =
    cross.bucket && typeof cross.value === 'string'
      ? formatDate(cross.value, { unit: cross.bucket }, locale)
      : cell(typeof cross.value === 'boolean' ? String(cross.value) : cross.value, locale)
  return `${cross.field.column}: ${value}`
}
