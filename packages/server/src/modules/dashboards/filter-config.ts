import type { ApiDashboardQuestion, DashboardCard, DashboardFilter } from '@vitrina/contracts'
import { AppError } from '../../http/errors'
import { valueProblem } from './filter-values'

const RANGE_TYPES = new Set<DashboardFilter['type']>(['number-range', 'date-range'])

function invalid(filter: DashboardFilter, message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError(400, 'DASHBOARD_FILTER_INVALID', `Filter "${filter.name}": ${message}`, {
    filterId: filter.id,
    ...details,
  })
}

/**
 * The filters of a dashboard about to be saved: unique ids, a default that fits the type, linked filters
 * that exist and are about the same table, and every target on a question card whose question has the
 * variable (range filters: both ends, unless it is a field filter) or reads the field's table alias.
 * `questions` holds the questions of the cards the editor may view (others were refused already).
 */
export function assertFilterConfig(
  filters: readonly DashboardFilter[],
  cards: readonly DashboardCard[],
  questions: ReadonlyMap<string, Pick<ApiDashboardQuestion, 'kind' | 'variables' | 'tables'>>,
): void {
  const ids = new Set<string>()
  for (const filter of filters) {
    if (ids.has(filter.id)) throw invalid(filter, 'two filters have the same id')
    ids.add(filter.id)
  }
  const byId = new Map(filters.map((f) => [f.id, f]))
  const cardsById = new Map(cards.map((c) => [c.id, c]))

  for (const filter of filters) {
    if (filter.default !== null) {
      const problem = valueProblem(filter.type, filter.default)
      if (problem) throw invalid(filter, `the default does not fit: ${problem}`, { default: filter.default })
    }
    for (const linkedId of filter.linkedFilterIds) {
      const linked = byId.get(linkedId)
      if (!linked || linkedId === filter.id)
        throw invalid(filter, `it is linked to filter ${linkedId}, which the dashboard does not have`, {
          linkedFilterId: linkedId,
        })
      const a = filter.field
      const b = linked.field
      if (!a || !b || a.sourceId !== b.sourceId || a.schema !== b.schema || a.name !== b.name)
        throw invalid(filter, `linked filter "${linked.name}" must be about a field of the same table`, {
          linkedFilterId: linkedId,
        })
    }
    for (const target of filter.targets) {
      const card = cardsById.get(target.cardId)
      if (!card)
        throw invalid(filter, `it targets card ${target.cardId}, which the dashboard does not have`, {
          cardId: target.cardId,
        })
      if (card.kind !== 'question')
        throw invalid(filter, `card ${card.id} shows no question`, { cardId: card.id })
      const question = questions.get(card.questionId)
      if (!question) continue
      if (target.field !== null) {
        if (question.kind !== 'builder')
          throw invalid(filter, `card ${card.id} is a SQL question: wire it to a variable`, {
            cardId: card.id,
          })
        const { table } = target.field
        if (table !== null && !question.tables.some((t) => t.alias === table))
          throw invalid(filter, `card ${card.id} has no join "${table}"`, { cardId: card.id, table })
        continue
      }
      if (question.kind !== 'native')
        throw invalid(filter, `card ${card.id} is a builder question: wire it to a field`, {
          cardId: card.id,
        })
      const names = [target.variable, target.variableTo].filter((v): v is string => v !== null)
      const missing = names.find((n) => !question.variables.some((v) => v.name === n))
      if (missing)
        throw invalid(filter, `the question of card ${card.id} has no variable {{${missing}}}`, {
          cardId: card.id,
          variable: missing,
        })
      const first = question.variables.find((v) => v.name === target.variable)
      const fieldFilter = first?.type === 'field-filter'
      if (RANGE_TYPES.has(filter.type) && !fieldFilter && target.variableTo === null)
        throw invalid(filter, `a range needs a variable for its end on card ${card.id}`, { cardId: card.id })
      if (!RANGE_TYPES.has(filter.type) && target.variableTo !== null)
        throw invalid(filter, `only range filters fill two variables (card ${card.id})`, { cardId: card.id })
    }
  }
}
