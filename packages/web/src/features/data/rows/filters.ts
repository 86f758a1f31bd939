import type { ColumnType, DatasetColumn, RowFilter } from '@vitrina/contracts'

/** What the user set in one column's filter popover; empty strings mean "not set". */
export interface ColumnFilterValue {
  /** Text columns: substring. */
  contains: string
  /** Numbers and dates: inclusive bounds, as typed ("1 000", "31.12.2025"). */
  from: string
  to: string
  /** Boolean columns. */
  bool: 'true' | 'false' | ''
  /** Only rows where the cell is empty. */
  empty: boolean
}

export const EMPTY_FILTER: ColumnFilterValue = { contains: '', from: '', to: '', bool: '', empty: false }

export type FilterKind = 'text' | 'range' | 'boolean'

export function filterKind(type: ColumnType): FilterKind {
  switch (type) {
    case 'text':
      return 'text'
    case 'boolean':
      return 'boolean'
    case 'integer':
    case 'decimal':
    case 'date':
    case 'timestamp':
      return 'range'
  }
}

export function isActive(f: ColumnFilterValue | undefined): boolean {
  return (
    !!f &&
    (f.empty || f.contains.trim() !== '' || f.from.trim() !== '' || f.to.trim() !== '' || f.bool !== '')
  )
}

/** The grid's per-column filters as the API's list (the server parses the typed values with the column type). */
export function toRowFilters(
  columns: DatasetColumn[],
  values: Record<string, ColumnFilterValue>,
): RowFilter[] {
  const out: RowFilter[] = []
  for (const c of columns) {
    const f = values[c.identifier]
    if (!isActive(f) || !f) continue
    if (f.empty) {
      out.push({ column: c.identifier, op: 'is_null' })
      continue
    }
    switch (filterKind(c.type)) {
      case 'text':
        if (f.contains.trim()) out.push({ column: c.identifier, op: 'contains', value: f.contains.trim() })
        break
      case 'boolean':
        if (f.bool) out.push({ column: c.identifier, op: 'eq', value: f.bool === 'true' })
        break
      case 'range':
        if (f.from.trim()) out.push({ column: c.identifier, op: 'gte', value: f.from.trim() })
        if (f.to.trim()) out.push({ column: c.identifier, op: 'lte', value: f.to.trim() })
        break
    }
  }
  return out
}
