import type { DashboardCachedCards, DashboardCardRunBody, QueryRunResult } from '@vitrina/contracts'
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
 * The router calls this for the first dashboard a page load shows. Three requests leave at once: the
 * dashboard, the results the server's cache already holds for its first tab (a GET, so it needs no CSRF
 * token), and the session check. A cached card is then on screen as soon as the page is; the other cards
 * of the first tab start running (with the filters' defaults) once the session check has brought the token.
 */
export function startDashboard(dashboardId: string): void {
  // Once per page load: later visits start from inside the app, whose cache may already hold the cards.
  if (started) return
  started = true
  // The chart code compiles while the requests are out, when the page has nothing else to do.
  preloadCharts()
  const cached = dashboardCardsApi.cached(dashboardId).catch((): DashboardCachedCards => ({ cards: {} }))
  prefetchDashboard(dashboardId)
    .then((dashboard) => {
      const body = {
        filters: runFilterValues(dashboard.filters, initialFilterValues(dashboard.filters)),
        crossFilters: [],
      }
      const visible = new Set(dashboard.questions.map((q) => q.id))
      const firstTab = dashboard.tabs[0]?.id
      const cards = dashboard.cards.filter(
        (card) => card.kind === 'question' && card.tabId === firstTab && visible.has(card.questionId),
      )
      for (const card of cards) {
        // Card runs are POSTs: they leave once the session check has brought the CSRF token.
        const result = cached.then(async ({ cards: hits }) => {
          const hit = hits[card.id]
          if (hit) return hit
          await csrfTokenReady()
          return dashboardCardsApi.run(dashboardId, card.id, body)
        })
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
