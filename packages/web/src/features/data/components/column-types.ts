import { COLUMN_TYPES, type ColumnType } from '@vitrina/contracts'
import type { TFunction } from 'i18next'

export function typeOptions(t: TFunction) {
  return COLUMN_TYPES.map((type) => ({ value: type, label: t(`data.types.${type}`) }))
}

export const IDENTIFIER_PATTERN = /^[a-z_][a-z0-9_]*$/

export const NUMERIC_TYPES: ReadonlySet<ColumnType> = new Set(['integer', 'decimal'])
