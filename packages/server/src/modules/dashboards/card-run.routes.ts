import {
  dashboardCachedCardsQuerySchema,
  dashboardCachedCardsSchema,
  dashboardCardExportBodySchema,
  dashboardCardRowsBodySchema,
  dashboardCardRowsSchema,
  dashboardCardRunBodySchema,
  dashboardFilterValuesBodySchema,
  dashboardFilterValuesSchema,
  type QueryRunResult,
  queryRunResultSchema,
} from '@vitrina/contracts'
import { z } from 'zod'
import type { AppInstance } from '../../http/app-types'
import { actorFrom } from '../../http/request-actor'
import { sendExport } from '../query-run/export-reply'
import { runAnswerJson } from '../query-run/run-answer'
import type { DashboardCardRunner } from './card-run'
import type { FilterValueList } from './filter-value-list'

const cardParams = z.object({ id: z.string().max(100), cardId: z.string().max(100) })
const filterParams = z.object({ id: z.string().max(100), filterId: z.string().max(100) })
const tags = ['dashboards']

/**
 * Card runs, exports, click-through rows and filter value lists. They read only; like query runs they
 * change no session, so the auth hook keeps its memo of principals (`keepsPrincipals`).
 */
export function registerDashboardCardRoutes(
  app: AppInstance,
  deps: { cards: DashboardCardRunner; filterValues: FilterValueList },
): void {
  const config = { access: 'viewer', keepsPrincipals: true } as const

  // What a dashboard opening shows before it runs anything: a GET, so it leaves with the page's first
  // requests, without waiting for the session check's CSRF token.
  app.get(
    '/api/dashboards/:id/cards/cached',
    {
      config,
      schema: {
        tags,
        params: z.object({ id: z.string().max(100) }),
        querystring: dashboardCachedCardsQuerySchema,
        response: { 200: dashboardCachedCardsSchema },
      },
    },
    async (request, reply) => {
      const found = await deps.cards.cachedCards(actorFrom(request), request.params.id, request.query.tab)
      const cards = found.map(({ cardId, result }) => `${JSON.stringify(cardId)}:${runAnswerJson(result)}`)
      return reply
        .type('application/json; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(`{"cards":{${cards.join(',')}}}` as unknown as z.infer<typeof dashboardCachedCardsSchema>)
    },
  )

  // Answered as text around the cached JSON of the result, as /api/query/run is: a hit never re-serialises.
  app.post(
    '/api/dashboards/:id/cards/:cardId/run',
    {
      config,
      schema: {
        tags,
        params: cardParams,
        body: dashboardCardRunBodySchema,
        response: { 200: queryRunResultSchema },
      },
    },
    async (request, reply) => {
      const { id, cardId } = request.params
      const result = await deps.cards.runRaw(actorFrom(request), id, cardId, request.body)
      return reply
        .type('application/json; charset=utf-8')
        .send(runAnswerJson(result) as unknown as QueryRunResult)
    },
  )

  app.post(
    '/api/dashboards/:id/cards/:cardId/export',
    { config, schema: { tags, params: cardParams, body: dashboardCardExportBodySchema } },
    async (request, reply) => {
      const { id, cardId } = request.params
      const { format, fileName, ...filters } = request.body
      const handle = await deps.cards.exportStream(actorFrom(request), id, cardId, { ...filters, format })
      return sendExport(reply, handle, { format, name: fileName || handle.title })
    },
  )

  app.post(
    '/api/dashboards/:id/cards/:cardId/rows',
    {
      config,
      schema: {
        tags,
        params: cardParams,
        body: dashboardCardRowsBodySchema,
        response: { 200: dashboardCardRowsSchema },
      },
    },
    async (request) =>
      deps.cards.rows(actorFrom(request), request.params.id, request.params.cardId, request.body),
  )

  app.post(
    '/api/dashboards/:id/filters/:filterId/values',
    {
      config,
      schema: {
        tags,
        params: filterParams,
        body: dashboardFilterValuesBodySchema,
        response: { 200: dashboardFilterValuesSchema },
      },
    },
    async (request) =>
      deps.filterValues(actorFrom(request), request.params.id, request.params.filterId, request.body),
  )
}
