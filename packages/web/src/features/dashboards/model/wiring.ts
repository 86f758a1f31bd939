import type {
  DashboardFilter,
  DashboardFilterField,
  DashboardFilterTarget,
  SourceCatalog,
} from '@vitrina/contracts'
import type { CardDrill } from './view-data'

export interface WiringCard {
  cardId: string
  drill: CardDrill
}

export interface WiringSpec {
  type: DashboardFilter['type']
  /** The column the filter is about (builder cards, field filters, value list). */
  field: DashboardFilterField | null
  /** A native variable to fill, and for ranges the variable of the end. */
  variable: string | null
  variableTo: string | null
}

const RANGES = new Set<DashboardFilter['type']>(['number-range', 'date-range'])

/** A range filter (from–to) fills a field filter or two variables; the others one value. */
export const isRangeFilter = (type: DashboardFilter['type']) => RANGES.has(type)

export const fieldKey = (f: DashboardFilterField) => `${f.sourceId}|${f.schema}|${f.name}|${f.column}`

/**
 * Automatic wiring: every builder card that reads the field's table (through its source or a join), every
 * SQL card with a field filter on that column, and every SQL card with the chosen variable (both of a
 * range's variables) — or, without a chosen variable, a variable named like the column.
 */
export function wireFilter(spec: WiringSpec, cards: readonly WiringCard[]): DashboardFilterTarget[] {
  const range = RANGES.has(spec.type)
  return cards.flatMap(({ cardId, drill }): DashboardFilterTarget[] => {
    const target = { cardId, variable: null, variableTo: null, field: null }
    const field = spec.field
    if (drill.kind === 'builder') {
      if (!field || drill.sourceId !== field.sourceId) return []
      const table = drill.tables.find((t) => t.schema === field.schema && t.name === field.name)
      return table ? [{ ...target, field: { table: table.alias, column: field.column } }] : []
    }
    const fieldFilter =
      field &&
      drill.sourceId === field.sourceId &&
      drill.variables.find(
        (v) =>
          v.type === 'field-filter' &&
          v.field?.schema === field.schema &&
          v.field.name === field.name &&
          v.field.column === field.column,
      )
    if (fieldFilter) return [{ ...target, variable: fieldFilter.name }]
    const has = (name: string | null) =>
      name !== null && drill.variables.some((v) => v.name === name && v.type !== 'field-filter')
    if (spec.variable !== null) {
      if (!has(spec.variable) || (range && !has(spec.variableTo))) return []
      return [{ ...target, variable: spec.variable, variableTo: range ? spec.variableTo : null }]
    }
    if (!range && field && has(field.column)) return [{ ...target, variable: field.column }]
    return []
  })
}

/** Columns a filter can be about: every column of the tables builder cards read, and field-filter columns. */
export function fieldChoices(
  cards: readonly WiringCard[],
  catalogs: ReadonlyMap<string, SourceCatalog>,
): { key: string; label: string; field: DashboardFilterField; type: string }[] {
  const out = new Map<string, { key: string; label: string; field: DashboardFilterField; type: string }>()
  const add = (field: DashboardFilterField, type: string) => {
    const key = fieldKey(field)
    if (!out.has(key)) out.set(key, { key, label: `${field.name}.${field.column}`, field, type })
  }
  for (const { drill } of cards) {
    for (const { table: t, column: c } of columnsRead(drill, catalogs))
      add({ sourceId: drill.sourceId, schema: t.schema, name: t.name, column: c.name }, c.type)
    for (const v of drill.variables)
      if (v.type === 'field-filter' && v.field) add({ sourceId: drill.sourceId, ...v.field }, 'other')
  }
  return [...out.values()].sort((a, b) => a.label.localeCompare(b.label))
}

/** Every column of the tables a card reads (its source and joins), as the source's catalog lists them. */
function columnsRead(drill: CardDrill, catalogs: ReadonlyMap<string, SourceCatalog>) {
  const catalog = catalogs.get(drill.sourceId)
  return drill.tables.flatMap((table) => {
    const listed = catalog?.tables.find((c) => c.schema === table.schema && c.name === table.name)
    return (listed?.columns ?? []).map((column) => ({ table, column }))
  })
}

/** Plain (not field-filter) variables of the SQL cards, for wiring by name. */
export function variableChoices(cards: readonly WiringCard[]): string[] {
  const names = cards.flatMap(({ drill }) =>
    drill.kind === 'native'
      ? drill.variables.filter((v) => v.type !== 'field-filter').map((v) => v.name)
      : [],
  )
  return [...new Set(names)].sort()
}

/**
 * A card's wiring as the filter editor lets the user set it: `auto` (what `wireFilter` chooses), `none`,
 * or a choice of the card's own (`choiceOf`): a column of a table a builder card reads, or a variable of a
 * SQL card. This is how one filter reaches cards over different tables ("day" of sales, "month" of a plan).
 */
export type CardWiring = 'auto' | 'none' | string

export interface WiringOption {
  value: string
  label: string
}

const SEP = '\u0000'

export function choiceOf(target: DashboardFilterTarget): string {
  return target.field
    ? `f${SEP}${target.field.table ?? ''}${SEP}${target.field.column}`
    : `v${SEP}${target.variable ?? ''}${SEP}${target.variableTo ?? ''}`
}

function targetOf(cardId: string, choice: string): DashboardFilterTarget | null {
  const [kind, a = '', b = ''] = choice.split(SEP)
  if (kind === 'f' && b)
    return { cardId, field: { table: a || null, column: b }, variable: null, variableTo: null }
  if (kind === 'v' && a) return { cardId, field: null, variable: a, variableTo: b || null }
  return null
}

/**
 * What a card can be wired to by hand: for a builder card every column of the tables it reads (named
 * `alias.column` for a join), for a SQL card each of its variables (a range filter needs a field filter,
 * which takes both ends, or the range's two variables chosen above).
 */
export function wiringOptions(
  card: WiringCard,
  catalogs: ReadonlyMap<string, SourceCatalog>,
  spec: Pick<WiringSpec, 'type' | 'variable' | 'variableTo'>,
): WiringOption[] {
  const { drill, cardId } = card
  if (drill.kind === 'builder')
    return columnsRead(drill, catalogs).map(({ table: t, column: c }) => ({
      value: choiceOf({
        cardId,
        field: { table: t.alias, column: c.name },
        variable: null,
        variableTo: null,
      }),
      label: `${t.alias ?? t.name}.${c.name}`,
    }))
  const range = isRangeFilter(spec.type)
  const options = drill.variables
    .filter((v) => !range || v.type === 'field-filter')
    .map((v) => ({
      value: choiceOf({ cardId, field: null, variable: v.name, variableTo: null }),
      label: `{{${v.name}}}`,
    }))
  const has = (name: string | null) => name !== null && drill.variables.some((v) => v.name === name)
  if (range && has(spec.variable) && has(spec.variableTo))
    options.push({
      value: choiceOf({ cardId, field: null, variable: spec.variable, variableTo: spec.variableTo }),
      label: `{{${spec.variable}}} – {{${spec.variableTo}}}`,
    })
  return options
}

/** The targets to save: the automatic ones, with each card the user set by hand replaced (or left out). */
export function applyWiring(
  automatic: readonly DashboardFilterTarget[],
  cards: readonly WiringCard[],
  wiring: Readonly<Record<string, CardWiring>>,
): DashboardFilterTarget[] {
  return cards.flatMap(({ cardId }) => {
    const set = wiring[cardId] ?? 'auto'
    if (set === 'auto') return automatic.filter((t) => t.cardId === cardId)
    if (set === 'none') return []
    const target = targetOf(cardId, set)
    return target ? [target] : []
  })
}

/** How an edited filter's saved targets differ from the automatic wiring, per card (for the editor's state). */
export function wiringOf(
  saved: readonly DashboardFilterTarget[],
  automatic: readonly DashboardFilterTarget[],
  cards: readonly WiringCard[],
): Record<string, CardWiring> {
  const out: Record<string, CardWiring> = {}
  for (const { cardId } of cards) {
    const mine = saved.find((t) => t.cardId === cardId)
    const auto = automatic.find((t) => t.cardId === cardId)
    if (!mine) {
      if (auto) out[cardId] = 'none'
    } else if (!auto || choiceOf(auto) !== choiceOf(mine)) out[cardId] = choiceOf(mine)
  }
  return out
}
