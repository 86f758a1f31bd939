import type {
  ApiDashboardQuestion,
  DashboardCrossFilter,
  DashboardFilter,
  DashboardFilterField,
  FieldRef,
  Filter,
  QuestionVariable,
} from '@vitrina/contracts'
import { assertUnreachable } from '@vitrina/query'
import { AppError } from '../../http/errors'
import { addDays, isIsoDate, periodEnd, periodStart, type ResolvedFilterValue } from './filter-values'

/** What the question of one card gets from the dashboard: native variable values and builder conditions. */
export interface CardFilterPlan {
  parameters: Record<string, unknown>
  conditions: Filter[]
}

type CardQuestion = Pick<ApiDashboardQuestion, 'kind' | 'sourceId' | 'variables' | 'tables'>

export function valueInvalid(message: string, details: Record<string, unknown>): AppError {
  return new AppError(400, 'DASHBOARD_FILTER_VALUE_INVALID', message, details)
}

/** Conditions on a builder field for one resolved value; dates as half-open day ranges (timestamps too). */
export function conditionsFor(field: FieldRef, value: ResolvedFilterValue): Filter[] {
  const cmp = (op: '=' | '>=' | '<=' | '<', v: string | number): Filter => ({
    kind: 'compare',
    op,
    field,
    value: v,
  })
  switch (value.kind) {
    case 'values':
      return value.values.length === 1
        ? [cmp('=', value.values[0]!)]
        : [{ kind: 'in', field, values: value.values }]
    case 'number':
      return [cmp('=', value.value)]
    case 'date':
      return [cmp('>=', value.value), cmp('<', addDays(value.value, 1))]
    case 'number-range':
      return [
        ...(value.from === null ? [] : [cmp('>=', value.from)]),
        ...(value.to === null ? [] : [cmp('<=', value.to)]),
      ]
    case 'date-range':
      return [
        ...(value.from === null ? [] : [cmp('>=', value.from)]),
        ...(value.to === null ? [] : [cmp('<', addDays(value.to, 1))]),
      ]
    default:
      return assertUnreachable(value)
  }
}

/** The parameter a field-filter variable takes: a list (IN), a scalar or an inclusive `{ from, to }`. */
function fieldFilterParameter(value: ResolvedFilterValue): unknown {
  switch (value.kind) {
    case 'values':
      return value.values
    case 'number':
    case 'date':
      return value.value
    case 'number-range':
    case 'date-range':
      return { from: value.from, to: value.to }
    default:
      return assertUnreachable(value)
  }
}

/** Values for a plain `{{variable}}` (and its range partner): one value each. */
function plainParameters(
  filter: Pick<DashboardFilter, 'id' | 'name'>,
  target: { variable: string; variableTo: string | null },
  value: ResolvedFilterValue,
): Record<string, unknown> {
  switch (value.kind) {
    case 'values':
      if (value.values.length > 1)
        throw valueInvalid(
          `Filter "${filter.name}" has ${value.values.length} values, but {{${target.variable}}} takes one`,
          { filterId: filter.id, variable: target.variable },
        )
      return { [target.variable]: value.values[0] }
    case 'number':
    case 'date':
      return { [target.variable]: value.value }
    case 'number-range':
    case 'date-range':
      return {
        [target.variable]: value.from,
        ...(target.variableTo === null ? {} : { [target.variableTo]: value.to }),
      }
    default:
      return assertUnreachable(value)
  }
}

/** The alias under which a builder question reads `table` (null = its source), or undefined when it does not. */
export function aliasOf(
  question: Pick<ApiDashboardQuestion, 'tables'>,
  table: { schema: string; name: string },
): string | null | undefined {
  return question.tables.find((t) => t.schema === table.schema && t.name === table.name)?.alias
}

const sameField = (a: { schema: string; name: string; column: string }, b: DashboardFilterField) =>
  a.schema === b.schema && a.name === b.name && a.column === b.column

/** A clicked value as a resolved filter value: a date bucket becomes its whole period. */
export function crossFilterValue(cross: DashboardCrossFilter): ResolvedFilterValue {
  if (cross.bucket !== null) {
    const day = typeof cross.value === 'string' ? cross.value.slice(0, 10) : ''
    if (!isIsoDate(day))
      throw valueInvalid(`A click on a ${cross.bucket} needs a date, got ${JSON.stringify(cross.value)}`, {
        column: cross.field.column,
      })
    const from = periodStart(day, cross.bucket)
    return { kind: 'date-range', from, to: addDays(periodEnd(from, cross.bucket), -1) }
  }
  if (typeof cross.value === 'number') return { kind: 'number', value: cross.value }
  return { kind: 'values', values: [String(cross.value)] }
}

/**
 * The filters' effect on one card. Saved filters apply through their targets on this card; clicks
 * (cross-filters) apply to any builder card reading the clicked table, and to native variables of the
 * column's name (or field filters on that column). A later click overrides a filter on the same variable.
 */
export function planCardFilters(args: {
  cardId: string
  question: CardQuestion
  filters: readonly { filter: DashboardFilter; value: ResolvedFilterValue | null }[]
  crossFilters: readonly DashboardCrossFilter[]
}): CardFilterPlan {
  const { question } = args
  const variables = new Map<string, QuestionVariable>(question.variables.map((v) => [v.name, v]))
  const plan: CardFilterPlan = { parameters: {}, conditions: [] }

  const applyToVariable = (
    filter: Pick<DashboardFilter, 'id' | 'name'>,
    target: { variable: string; variableTo: string | null },
    value: ResolvedFilterValue,
  ) => {
    const variable = variables.get(target.variable)
    // A variable the question no longer has is left alone (the question changed after the wiring).
    if (!variable) return
    if (variable.type === 'field-filter') plan.parameters[variable.name] = fieldFilterParameter(value)
    else Object.assign(plan.parameters, plainParameters(filter, target, value))
  }

  for (const { filter, value } of args.filters) {
    if (value === null) continue
    for (const target of filter.targets) {
      if (target.cardId !== args.cardId) continue
      if (target.field !== null) {
        if (question.kind === 'builder')
          plan.conditions.push(
            ...conditionsFor(
              { kind: 'field', table: target.field.table, column: target.field.column },
              value,
            ),
          )
      } else if (target.variable !== null && question.kind === 'native') {
        applyToVariable(filter, { variable: target.variable, variableTo: target.variableTo }, value)
      }
    }
  }

  for (const cross of args.crossFilters) {
    if (cross.field.sourceId !== question.sourceId) continue
    const value = crossFilterValue(cross)
    if (question.kind === 'builder') {
      const alias = aliasOf(question, cross.field)
      if (alias !== undefined)
        plan.conditions.push(
          ...conditionsFor({ kind: 'field', table: alias, column: cross.field.column }, value),
        )
      continue
    }
    const named = variables.get(cross.field.column)
    const fieldFilter = question.variables.find(
      (v) => v.type === 'field-filter' && v.field !== null && sameField(v.field, cross.field),
    )
    const variable = fieldFilter ?? named
    if (!variable) continue
    const label = { id: `click:${cross.field.column}`, name: cross.field.column }
    if (variable.type === 'field-filter' || value.kind !== 'date-range')
      applyToVariable(label, { variable: variable.name, variableTo: null }, value)
  }
  return plan
}

/** The question's own filter ANDed with the dashboard's conditions. */
export function withConditions(existing: Filter | null, conditions: readonly Filter[]): Filter | null {
  if (conditions.length === 0) return existing
  const all = existing === null ? [...conditions] : [existing, ...conditions]
  return all.length === 1 ? all[0]! : { kind: 'and', filters: all }
}
