import type { DashboardFilter, ParameterValue } from '@vitrina/contracts'

export type FilterValues = Record<string, ParameterValue>

/** Each filter's value as the dashboard opens: its default. */
export function initialFilterValues(filters: readonly DashboardFilter[]): FilterValues {
  return Object.fromEntries(filters.map((f) => [f.id, f.default]))
}

/** The variables one card gets from the filters that target it; empty values are left out. */
export function cardParameters(
  filters: readonly DashboardFilter[],
  values: FilterValues,
  cardId: string,
): Record<string, ParameterValue> {
  const out: Record<string, ParameterValue> = {}
  for (const filter of filters) {
    const value = values[filter.id] ?? null
    if (value === null || value === '') continue
    for (const target of filter.targets) if (target.cardId === cardId) out[target.variable] = value
  }
  return out
}

/** Automatic wiring: every question card whose question has a variable of that name. */
export function targetsFor(
  variable: string,
  cards: readonly { cardId: string; variables: readonly string[] }[],
): DashboardFilter['targets'] {
  return cards.filter((c) => c.variables.includes(variable)).map((c) => ({ cardId: c.cardId, variable }))
}

/**
 * Cross-filtering: a click on a bar, point or slice of `column` sets every filter that fills a variable of
 * the same name (a `region` bar sets the filter wired to `{{region}}`). Returns the filter values to apply.
 */
export function crossFilterValues(
  filters: readonly DashboardFilter[],
  selection: { column: string; value: ParameterValue },
): FilterValues {
  const out: FilterValues = {}
  for (const filter of filters) {
    if (filter.targets.some((t) => t.variable === selection.column)) out[filter.id] = selection.value
  }
  return out
}
