import {
  type ApiDashboard,
  type ApiDashboardQuestion,
  type ApiDashboardSummary,
  type CollectionAccess,
  dashboardBodySchema,
} from '@vitrina/contracts'
import type { DbDashboard } from '../../db/schema'

// PGlite returns jsonb parsed; some drivers hand back text.
const parsed = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value)

/** The stored definition, completed with today's defaults (older cards gain new fields). */
export function dashboardDefinitionOf(row: DbDashboard) {
  const { tabs, cards, filters, refreshSeconds } = dashboardBodySchema
    .pick({ tabs: true, cards: true, filters: true, refreshSeconds: true })
    .parse(parsed(row.definition))
  return { tabs, cards, filters, refreshSeconds }
}

export function presentDashboard(
  row: DbDashboard,
  access: CollectionAccess,
  questions: ApiDashboardQuestion[],
): ApiDashboard {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    collectionId: row.collection_id,
    ...dashboardDefinitionOf(row),
    access,
    questions,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

export function presentDashboardSummary(row: DbDashboard, access: CollectionAccess): ApiDashboardSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    collectionId: row.collection_id,
    access,
    updatedAt: row.updated_at.toISOString(),
    cardCount: dashboardDefinitionOf(row).cards.length,
  }
}
