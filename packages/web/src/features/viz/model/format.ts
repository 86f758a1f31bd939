import type { CellValue, ChartSpec, ColumnSettings, DateFormat, NumberFormat } from '@vitrina/contracts'
import { columnSettingsSchema } from '@vitrina/contracts'
import { columnRole, toDate, toNumber, type VizColumn } from './result'

/** Display locale: `ru-RU` by default (1 234,56 ₽, 31.12.2025), `en-GB` for English users. */
export type FormatLocale = 'ru-RU' | 'en-GB'

const numberFormats = new Map<string, Intl.NumberFormat>()
const dateFormats = new Map<string, Intl.DateTimeFormat>()

function numberFormatter(locale: FormatLocale, format: NumberFormat): Intl.NumberFormat {
  const key = `${locale}|${format.style}|${format.currency}|${format.decimals}|${format.compact}`
  let f = numberFormats.get(key)
  if (!f) {
    const digits =
      format.decimals === null
        ? { minimumFractionDigits: 0, maximumFractionDigits: format.compact ? 1 : 2 }
        : { minimumFractionDigits: format.decimals, maximumFractionDigits: format.decimals }
    f = new Intl.NumberFormat(locale, {
      style: format.style === 'number' ? 'decimal' : format.style,
      currency: format.style === 'currency' ? format.currency : undefined,
      notation: format.compact ? 'compact' : 'standard',
      ...digits,
    })
    numberFormats.set(key, f)
  }
  return f
}

function dateFormatter(locale: FormatLocale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`
  let f = dateFormats.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options)
    dateFormats.set(key, f)
  }
  return f
}

const DEFAULT_NUMBER = columnSettingsSchema.parse({}).number

export function formatNumber(
  value: CellValue | undefined,
  format: NumberFormat = DEFAULT_NUMBER,
  locale: FormatLocale = 'ru-RU',
): string {
  const n = toNumber(value)
  if (n === null) return '—'
  return `${format.prefix}${numberFormatter(locale, format).format(n)}${format.suffix}`
}

const DAY: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric' }

export function formatDate(
  value: CellValue | undefined,
  format: DateFormat = { unit: 'auto' },
  locale: FormatLocale = 'ru-RU',
): string {
  const d = toDate(value)
  if (d === null) return value === null || value === undefined ? '—' : String(value)
  switch (format.unit) {
    case 'auto': {
      const hasTime = d.getHours() !== 0 || d.getMinutes() !== 0 || d.getSeconds() !== 0
      return formatDate(value, { unit: hasTime ? 'datetime' : 'day' }, locale)
    }
    case 'day':
    case 'week':
      return dateFormatter(locale, DAY).format(d)
    case 'month':
      return dateFormatter(locale, { month: 'short', year: 'numeric' }).format(d)
    case 'quarter': {
      const q = Math.floor(d.getMonth() / 3) + 1
      return locale === 'ru-RU' ? `${q} кв. ${d.getFullYear()}` : `Q${q} ${d.getFullYear()}`
    }
    case 'year':
      return String(d.getFullYear())
    case 'datetime':
      return dateFormatter(locale, { ...DAY, hour: '2-digit', minute: '2-digit' }).format(d)
  }
}

export function columnSettings(spec: ChartSpec, name: string): ColumnSettings {
  return spec.columns[name] ?? columnSettingsSchema.parse({})
}

/** The header of a column: its label from the spec, else its name. */
export function columnLabel(spec: ChartSpec, name: string): string {
  return spec.columns[name]?.label || name
}

/** One cell as text, by the column's type and the spec's per-column format. */
export function formatCell(
  value: CellValue | undefined,
  column: VizColumn,
  spec: ChartSpec,
  locale: FormatLocale,
): string {
  if (value === null || value === undefined) return '—'
  const settings = columnSettings(spec, column.name)
  switch (columnRole(column.type)) {
    case 'numeric':
      return formatNumber(value, settings.number, locale)
    case 'temporal':
      return formatDate(value, settings.date, locale)
    case 'category':
      return String(value)
  }
}
