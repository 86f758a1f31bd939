import {
  collectionBodySchema,
  dashboardBodySchema,
  type InstallPlatformHealthBody,
  installPlatformHealthBodySchema,
  type PlatformHealth,
  questionBodySchema,
  sourceSettingsSchema,
} from '@vitrina/contracts'
import type { Actor } from '../../http/principal'
import { PLATFORM_HEALTH_CARDS } from '../../metrics/platform-health'
import type { CollectionsService } from '../collections/collections.service'
import type { DashboardsService } from '../dashboards/dashboards.service'
import type { QuestionsService } from '../questions/questions.service'
import type { SourcesService } from '../sources/sources.service'

const NAME = 'Platform health'
/** Prometheus rows are long format (time, series, labels…, value): one line per series. */
const TIME_SERIES_CHART = { type: 'line', dimension: 'time', breakout: 'series', metrics: ['value'] }
/** Two cards across the 12-column grid. */
const CARD = { w: 6, h: 5 }

/**
 * Installs the built-in "Platform health" dashboard through the ordinary services, so each step is
 * checked and audited as if an admin had clicked it: a Prometheus source (its connection is tested first),
 * a collection, one PromQL question per card, and the dashboard of those cards.
 */
export function createPlatformHealthService(deps: {
  sources: SourcesService
  collections: CollectionsService
  questions: QuestionsService
  dashboards: DashboardsService
}) {
  return {
    async install(actor: Actor, body: InstallPlatformHealthBody): Promise<PlatformHealth> {
      const { prometheusUrl } = installPlatformHealthBodySchema.parse(body)
      const source = await deps.sources.create(actor, {
        name: `Prometheus (${NAME})`,
        connection: { kind: 'prometheus', url: prometheusUrl },
        // Health figures go stale in a minute, whatever the source default.
        settings: sourceSettingsSchema.parse({ cachePolicy: { kind: 'ttl', ttlSeconds: 60 } }),
      })
      const collection = await deps.collections.create(
        actor,
        collectionBodySchema.parse({ name: NAME, description: 'Prometheus metrics of this Vitrina install' }),
      )
      const questions = []
      for (const card of PLATFORM_HEALTH_CARDS) {
        questions.push(
          await deps.questions.create(
            actor,
            questionBodySchema.parse({
              name: card.title,
              collectionId: collection.id,
              sourceId: source.id,
              query: { kind: 'native', sql: card.promql, variables: [] },
              visualization: TIME_SERIES_CHART,
            }),
          ),
        )
      }
      const dashboard = await deps.dashboards.create(
        actor,
        dashboardBodySchema.parse({
          name: NAME,
          collectionId: collection.id,
          refreshSeconds: 60,
          cards: questions.map((q, i) => ({
            id: `card-${i + 1}`,
            tabId: 'main',
            kind: 'question',
            questionId: q.id,
            layout: { x: (i % 2) * CARD.w, y: Math.floor(i / 2) * CARD.h, ...CARD },
          })),
        }),
      )
      return {
        sourceId: source.id,
        collectionId: collection.id,
        dashboardId: dashboard.id,
        questionIds: questions.map((q) => q.id),
      }
    },
  }
}

export type PlatformHealthService = ReturnType<typeof createPlatformHealthService>
