import {
  type ApiDashboard,
  type ApiDashboardQuestion,
  type ApiQuestion,
  type CardLayout,
  type ChartSpec,
  type DashboardCard,
  type DashboardFilter,
  type DashboardTab,
  parseChartSpec,
} from '@vitrina/contracts'

/** What a click on a card can be understood by: the question's kind, variables, tables and group-bys. */
export type CardDrill = Pick<
  ApiDashboardQuestion,
  'kind' | 'sourceId' | 'variables' | 'tables' | 'dimensions'
> & { questionId: string }

/** A question card as the renderer draws it: title and chart resolved, the question itself optional. */
export interface QuestionViewCard {
  id: string
  tabId: string
  layout: CardLayout
  kind: 'question'
  title: string
  /** The card's chart, else the question's; null = pick one from the result. */
  visualization: ChartSpec | null
  /** Changes when the question changes, so a cached result of the old question is not shown. */
  version?: string
  /** Absent on public pages; null when the viewer may not see the question. */
  drill?: CardDrill | null
}

export type ViewCard = QuestionViewCard | Exclude<DashboardCard, { kind: 'question' }>

/**
 * The read-only dashboard `DashboardView` draws: the signed-in page builds it from `ApiDashboard`, the
 * public and embed pages from their own answer (whose question cards already carry title and chart).
 */
export interface DashboardViewData {
  /** Tells this dashboard's cached card results apart (its id, or a share token). */
  key: string
  name: string
  tabs: DashboardTab[]
  cards: ViewCard[]
  filters: DashboardFilter[]
  refreshSeconds: number | null
}

export function drillOf(question: ApiDashboardQuestion): CardDrill {
  const { kind, sourceId, variables, tables, dimensions } = question
  return { questionId: question.id, kind, sourceId, variables, tables, dimensions }
}

/** A stored chart that no longer parses falls back to an automatic one rather than breaking the card. */
function chartOf(visualization: unknown): ChartSpec | null {
  if (!visualization) return null
  try {
    return parseChartSpec(visualization)
  } catch {
    return null
  }
}

export function viewDataOf(
  dashboard: Pick<
    ApiDashboard,
    'id' | 'name' | 'tabs' | 'cards' | 'filters' | 'refreshSeconds' | 'questions'
  >,
): DashboardViewData {
  const questions = new Map(dashboard.questions.map((q) => [q.id, q]))
  return {
    key: dashboard.id,
    name: dashboard.name,
    tabs: dashboard.tabs,
    filters: dashboard.filters,
    refreshSeconds: dashboard.refreshSeconds,
    cards: dashboard.cards.map((card): ViewCard => {
      if (card.kind !== 'question') return card
      const question = questions.get(card.questionId)
      return {
        id: card.id,
        tabId: card.tabId,
        layout: card.layout,
        kind: 'question',
        title: card.title || question?.name || '…',
        visualization: card.visualization ?? chartOf(question?.visualization),
        version: question?.updatedAt,
        drill: question ? drillOf(question) : null,
      }
    }),
  }
}

/**
 * What the editor knows of a question added in this edit (not in the dashboard's answer yet): enough to
 * wire filters to it. Its group-bys are learnt once the dashboard is saved.
 */
export function drillOfQuestion(question: ApiQuestion): CardDrill {
  const q = question.query
  const tables =
    q.kind === 'builder'
      ? [
          ...(q.query.source.kind === 'table'
            ? [{ alias: null, schema: q.query.source.schema, name: q.query.source.name }]
            : []),
          ...q.query.joins.map((j) => ({ alias: j.alias, schema: j.table.schema, name: j.table.name })),
        ]
      : []
  return {
    questionId: question.id,
    kind: q.kind,
    sourceId: question.sourceId,
    variables: q.kind === 'native' ? q.variables : [],
    tables,
    dimensions: [],
  }
}
