import type { DashboardCardRunBody, QueryRunResult } from '@vitrina/contracts'
import { csrfTokenReady } from '../../data/api-client'
import { dashboardCardsApi } from '../../data/dashboards/dashboard-cards'
import { prefetchDashboard } from '../../data/dashboards/dashboards-query'
import { preloadCharts } from '../viz'
import { initialFilterValues, runFilterValues } from './model/filters'

/** Card runs started before the page rendered, by dashboard, card and body; taken once, within 15 s. */
const runs = new Map<string, { at: number; result: Promise<QueryRunResult> }>()
const EARLY_RUN_MS = 15_000
let started = false
const keyOf = (dashboardId: string, cardId: string, body: DashboardCardRunBody) =>
  `${dashboardId}|${cardId}|${JSON.stringify(body)}`

/**
 * The router calls this for the first dashboard a page load shows: the dashboard's request leaves with the
 * session check, and the first tab's cards start running (with the filters' defaults) the moment both have answered,
 * while the page is still being drawn. A cached card is then on screen as soon as the page is.
 */
export function startDashboard(dashboardId: string): void {
  // Once per page load: later visits start from inside the app, whose cache may already hold the cards.
  if (started) return
  started = true
  // The chart code compiles while the requests are out, when the page has nothing else to do.
  preloadCharts()
  // Card runs are POSTs: they leave once the session check has brought the CSRF token.
  Promise.all([prefetchDashboard(dashboardId), csrfTokenReady()])
    .then(([dashboard]) => {
      const body = {
        filters: runFilterValues(dashboard.filters, initialFilterValues(dashboard.filters)),
        crossFilters: [],
      }
      const visible = new Set(dashboard.questions.map((q) => q.id))
      const firstTab = dashboard.tabs[0]?.id
      for (const card of dashboard.cards) {
        if (card.kind !== 'question' || card.tabId !== firstTab || !visible.has(card.questionId)) continue
        const result = dashboardCardsApi.run(dashboardId, card.id, body)
        result.catch(() => undefined)
        runs.set(keyOf(dashboardId, card.id, body), { at: Date.now(), result })
      }
    })
    .catch(() => undefined)
}

/** The run started early for exactly this card and body, if any. */
export function takeEarlyRun(
  dashboardId: string,
  cardId: string,
  body: DashboardCardRunBody,
): Promise<QueryRunResult> | null {
  const key = keyOf(dashboardId, cardId, body)
  const early = runs.get(key)
  runs.delete(key)
  return early && Date.now() - early.at < EARLY_RUN_MS ? early.result : null
}
