import type { ApiShare, CreatedShare, createShareBodySchema, LockedFilters } from '@vitrina/contracts'
import { PUBLIC_DASHBOARD_PATH } from '@vitrina/contracts'
import type { z } from 'zod'
import type { SystemDb } from '../../db/system-db'
import { AppError, ForbiddenError, NotFoundError } from '../../http/errors'
import type { Actor } from '../../http/principal'
import { newId } from '../../lib/tokens'
import type { AuditRepo } from '../audit/audit.repo'
import type { DashboardsService } from '../dashboards/dashboards.service'
import { presentShare } from './dashboard-shares.presenter'
import type { DashboardSharesRepo } from './dashboard-shares.repo'
import type { ShareTokens } from './share-token'

type CreateShareInput = z.output<typeof createShareBodySchema>

/** Every locked filter must be one the dashboard has, or the link would lock nothing. */
export function assertKnownFilters(locked: LockedFilters, filterIds: string[]): void {
  const unknown = Object.keys(locked).filter((id) => !filterIds.includes(id))
  if (unknown.length > 0)
    throw new AppError(
      400,
      'SHARE_FILTER_UNKNOWN',
      `The dashboard has no filter ${unknown.map((id) => `"${id}"`).join(', ')}`,
      { filterIds: unknown },
    )
}

/** Public links, managed by the dashboard's editors: create (token shown once), list, revoke. */
export function createDashboardSharesService(deps: {
  db: SystemDb
  repo: DashboardSharesRepo
  dashboards: Pick<DashboardsService, 'get'>
  tokens: ShareTokens
  audit: AuditRepo
}) {
  /** 404 when the actor cannot see the dashboard, 403 when they may only view it. */
  async function editable(actor: Actor, dashboardId: string) {
    const dashboard = await deps.dashboards.get(actor, dashboardId)
    if (dashboard.access !== 'edit') throw new ForbiddenError('Only editors of this dashboard may share it')
    return dashboard
  }

  return {
    async list(actor: Actor, dashboardId: string): Promise<ApiShare[]> {
      await editable(actor, dashboardId)
      const now = new Date()
      return (await deps.repo.listForDashboard(dashboardId)).map((row) => presentShare(row, now))
    },

    async create(actor: Actor, dashboardId: string, body: CreateShareInput): Promise<CreatedShare> {
      const dashboard = await editable(actor, dashboardId)
      assertKnownFilters(
        body.lockedFilters,
        dashboard.filters.map((f) => f.id),
      )
      const id = newId()
      const issued = deps.tokens.issue()
      await deps.db.transaction().execute(async (trx) => {
        await deps.repo.insert(
          {
            id,
            dashboard_id: dashboardId,
            token_hash: issued.hash,
            hint: issued.hint,
            label: body.label,
            locked_filters: body.lockedFilters,
            created_by: actor.id,
            expires_at: body.expiresAt ? new Date(body.expiresAt) : null,
          },
          trx,
        )
        await deps.audit.record(
          {
            action: 'share.created',
            actor,
            target: { type: 'dashboard_share', id },
            details: {
              dashboardId,
              dashboardName: dashboard.name,
              lockedFilters: Object.keys(body.lockedFilters),
              expiresAt: body.expiresAt,
            },
          },
          trx,
        )
      })
      const row = await deps.repo.find(id)
      if (!row) throw new NotFoundError('Share')
      return {
        share: presentShare(row),
        token: issued.token,
        path: `${PUBLIC_DASHBOARD_PATH}${issued.token}`,
      }
    },

    async revoke(actor: Actor, dashboardId: string, shareId: string): Promise<ApiShare> {
      await editable(actor, dashboardId)
      const row = await deps.repo.find(shareId)
      if (!row || row.dashboard_id !== dashboardId) throw new NotFoundError('Share')
      await deps.db.transaction().execute(async (trx) => {
        if (!(await deps.repo.revoke(shareId, actor.id, trx))) return
        await deps.audit.record(
          {
            action: 'share.revoked',
            actor,
            target: { type: 'dashboard_share', id: shareId },
            details: { dashboardId, hint: row.hint },
          },
          trx,
        )
      })
      const after = await deps.repo.find(shareId)
      if (!after) throw new NotFoundError('Share')
      return presentShare(after)
    },
  }
}

export type DashboardSharesService = ReturnType<typeof createDashboardSharesService>
