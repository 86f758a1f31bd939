import {
  type ApiDashboard,
  type ApiShare,
  type LockedFilters,
  lockedFiltersSchema,
  type PublicDashboard,
} from '@vitrina/contracts'
import type { DbDashboardShare } from '../../db/schema-shares'
import type { ShareRow } from './dashboard-shares.repo'

// PGlite returns jsonb parsed; some drivers hand back text.
const parsed = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value)

export function lockedFiltersOf(row: DbDashboardShare): LockedFilters {
  return lockedFiltersSchema.parse(parsed(row.locked_filters) ?? {})
}

export function shareStatus(row: DbDashboardShare, now: Date): ApiShare['status'] {
  if (row.revoked_at) return 'revoked'
  if (row.expires_at && row.expires_at <= now) return 'expired'
  return 'active'
}

export function presentShare(row: ShareRow, now = new Date()): ApiShare {
  return {
    id: row.id,
    dashboardId: row.dashboard_id,
    label: row.label,
    hint: row.hint,
    lockedFilters: lockedFiltersOf(row),
    status: shareStatus(row, now),
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    createdBy: row.creator_name === null ? null : { id: row.created_by, name: row.creator_name },
  }
}

/** Only what drawing needs: no ids of the dashboard's collection or people, no SQL (questions are render-only). */
export function presentPublicDashboard(args: {
  kind: PublicDashboard['kind']
  dashboard: ApiDashboard
  lockedFilters: LockedFilters
  expiresAt: Date | null
}): PublicDashboard {
  const { name, description, tabs, cards, filters, refreshSeconds, questions } = args.dashboard
  return {
    kind: args.kind,
    name,
    description,
    tabs,
    cards,
    filters,
    refreshSeconds,
    questions,
    lockedFilters: args.lockedFilters,
    expiresAt: args.expiresAt?.toISOString() ?? null,
  }
}
