import type { CellValue, ColumnType } from '@vitrina/contracts'
import { formatLocale, i18n } from '../../../i18n'
import { formatDateText, formatDecimalText, formatTimestampText } from './cell-text'

export function formatCount(n: number): string {
  return new Intl.NumberFormat(formatLocale()).format(n)
}

/** A grid cell as people read it: `1 234,56`, `31.12.2025`, Да/Нет. */
export function formatCell(value: CellValue, type: ColumnType): string {
  if (value === null) return ''
  const locale = formatLocale()
  switch (type) {
    case 'integer':
    case 'decimal':
      return formatDecimalText(String(value), locale)
    case 'date':
      return formatDateText(String(value))
    case 'timestamp':
      return formatTimestampText(String(value))
    case 'boolean':
      return value === true || value === 'true' ? i18n.t('common.yes') : i18n.t('common.no')
    case 'text':
      return String(value)
  }
}

/** The value put into an inline editor: what the user would type (the server parses Russian formats). */
export function editText(value: CellValue, type: ColumnType): string {
  if (value === null) return ''
  if (type === 'boolean') return value === true || value === 'true' ? 'да' : 'нет'
  return formatCell(value, type)
}
