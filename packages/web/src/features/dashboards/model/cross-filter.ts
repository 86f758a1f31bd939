import type {
  CellValue,
  DashboardCrossFilter,
  DashboardFilter,
  DashboardFilterValue,
} from '@vitrina/contracts'
import { isIsoDate, periodLastDay } from './dates'
import type { CardDrill, QuestionViewCard } from './view-data'

export interface CardClick {
  cardId: string
  column: string
  value: CellValue
}

export interface ClickActions {
  /** Saved filters the click can set, each with the value it would take. */
  filters: { filter: DashboardFilter; value: DashboardFilterValue }[]
  /** A filter made by the click itself, when no saved filter is about the clicked column. */
  cross: DashboardCrossFilter | null
  /** Whether the rows behind the click can be shown (builder cards). */
  rows: boolean
}

type Dimension = CardDrill['dimensions'][number]

/** The clicked value as the value of a filter of `type`; null when it does not fit that type. */
export function valueForFilter(
  type: DashboardFilter['type'],
  value: CellValue,
  bucket: Dimension['bucket'],
): DashboardFilterValue | null {
  if (value === null || typeof value === 'boolean')
    return type === 'text' && value !== null ? [String(value)] : null
  const day = typeof value === 'string' ? value.slice(0, 10) : null
  switch (type) {
    case 'text':
      return [value]
    case 'number':
      return typeof value === 'number' ? value : null
    case 'number-range':
      return typeof value === 'number' ? { from: value, to: value } : null
    case 'date':
      return isIsoDate(day) && (bucket === null || bucket === 'day') ? day : null
    case 'date-range':
      return isIsoDate(day) ? { from: day, to: bucket ? periodLastDay(day, bucket) : day } : null
  }
}

const sameTableField = (
  a: { schema: string; name: string; column: string; sourceId: string },
  b: { schema: string; name: string; column: string; sourceId: string },
) => a.sourceId === b.sourceId && a.schema === b.schema && a.name === b.name && a.column === b.column

/**
 * What a click on a bar, point or slice of `column` can do. A saved filter matches when it is wired to the
 * clicked group-by field on this card, or is about the same table column; on a SQL card, when it fills a
 * variable named like the column (or is about a column of that name). With no saved filter, a builder card
 * offers a filter of its own on that field for the whole dashboard.
 */
export function clickActions(
  card: QuestionViewCard,
  click: Pick<CardClick, 'column' | 'value'>,
  filters: readonly DashboardFilter[],
  lockedIds: ReadonlySet<string> = new Set(),
): ClickActions {
  const drill = card.drill ?? null
  const dimension =
    drill?.kind === 'builder' ? drill.dimensions.find((d) => d.column === click.column) : undefined
  const table = dimension ? drill?.tables.find((t) => t.alias === dimension.field.table) : undefined
  const physical =
    dimension && table && drill
      ? { sourceId: drill.sourceId, schema: table.schema, name: table.name, column: dimension.field.column }
      : null

  const matches = (filter: DashboardFilter): boolean => {
    if (dimension) {
      const wired = filter.targets.some(
        (t) =>
          t.cardId === card.id &&
          t.field !== null &&
          t.field.table === dimension.field.table &&
          t.field.column === dimension.field.column,
      )
      return wired || (physical !== null && filter.field !== null && sameTableField(filter.field, physical))
    }
    if (drill?.kind === 'builder') return false
    return (
      filter.targets.some((t) => t.variable === click.column) ||
      (filter.field !== null && filter.field.column === click.column)
    )
  }

  const found = filters.flatMap((filter) => {
    if (lockedIds.has(filter.id) || !matches(filter)) return []
    const value = valueForFilter(filter.type, click.value, dimension?.bucket ?? null)
    return value === null ? [] : [{ filter, value }]
  })
  const cross =
    found.length === 0 && physical && click.value !== null
      ? { field: physical, value: click.value, bucket: dimension?.bucket ?? null }
      : null
  return { filters: found, cross, rows: drill?.kind === 'builder' && dimension !== undefined }
}

/** A click on the same column replaces the earlier one; other clicks stay. */
export function withCrossFilter(
  current: readonly DashboardCrossFilter[],
  next: DashboardCrossFilter,
): DashboardCrossFilter[] {
  return [...current.filter((c) => !sameTableField(c.field, next.field)), next]
}
