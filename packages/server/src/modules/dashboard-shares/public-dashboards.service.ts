import type {
  ApiDashboard,
  DashboardFilterValues,
  dashboardFilterValuesBodySchema,
  LockedFilters,
  PublicCardResult,
  PublicDashboard,
  publicCardRunBodySchema,
} from '@vitrina/contracts'
import type { z } from 'zod'
import type { SystemDb } from '../../db/system-db'
import { AppError, ForbiddenError } from '../../http/errors'
import type { Actor } from '../../http/principal'
import type { DashboardCardRunner } from '../dashboards/card-run'
import type { DashboardsService } from '../dashboards/dashboards.service'
import type { FilterValueList } from '../dashboards/filter-value-list'
import { lockedFiltersOf, presentPublicDashboard, shareStatus } from './dashboard-shares.presenter'
import type { DashboardSharesRepo } from './dashboard-shares.repo'
import { assertKnownFilters } from './dashboard-shares.service'
import { verifyEmbedToken } from './embed-jwt'
import type { EmbeddingService } from './embedding.service'
import type { ShareTokens } from './share-token'

/** The dashboards module's card runner: filters applied on the server, locked values on top. */
export type CardRunner = Pick<DashboardCardRunner, 'run'>

type PublicCardRunInput = z.output<typeof publicCardRunBodySchema>
type FilterValuesInput = z.output<typeof dashboardFilterValuesBodySchema>

/** A link or embedding token, resolved to the dashboard it shows and the user its cards run as. */
interface Resolved {
  actor: Actor
  dashboard: ApiDashboard
  lockedFilters: LockedFilters
  expiresAt: Date | null
}

const notFound = () => new AppError(404, 'SHARE_NOT_FOUND', 'This link does not exist')
const unavailable = () =>
  new AppError(
    410,
    'SHARE_UNAVAILABLE',
    'This link no longer works: the person who shared it can no longer see the dashboard',
  )

/**
 * The anonymous side of sharing: what a public link or an embedding token shows, and running its cards
 * as the link's creator (embeds: the admin who set the secret) with the locked values on top.
 */
export function createPublicDashboardsService(deps: {
  db: SystemDb
  repo: DashboardSharesRepo
  tokens: ShareTokens
  embedding: Pick<EmbeddingService, 'current'>
  dashboards: Pick<DashboardsService, 'get'>
  runner: CardRunner
  filterValues: FilterValueList
}) {
  /** The acting user, if still active; their role and email as they are now. */
  async function actorFor(userId: string, ip: string | null): Promise<Actor> {
    const user = await deps.db
      .selectFrom('users')
      .select(['id', 'email', 'role', 'is_active'])
      .where('id', '=', userId)
      .executeTakeFirst()
    if (!user?.is_active) throw unavailable()
    return { id: user.id, email: user.email, role: user.role, ip }
  }

  /** The dashboard as the actor sees it; gone from their view means the link stopped working. */
  async function dashboardFor(actor: Actor, dashboardId: string, missing: () => AppError) {
    try {
      return await deps.dashboards.get(actor, dashboardId)
    } catch (err) {
      if (err instanceof AppError && err.status === 404) throw missing()
      throw err
    }
  }

  async function resolveLink(token: string, ip: string | null): Promise<Resolved> {
    const hash = deps.tokens.verify(token)
    const row = hash ? await deps.repo.findByTokenHash(hash) : null
    if (!row) throw notFound()
    const now = new Date()
    switch (shareStatus(row, now)) {
      case 'revoked':
        throw new AppError(410, 'SHARE_REVOKED', 'This link was revoked by the people who shared it')
      case 'expired':
        throw new AppError(410, 'SHARE_EXPIRED', 'This link has expired')
      case 'active':
        break
    }
    const actor = await actorFor(row.created_by, ip)
    const dashboard = await dashboardFor(actor, row.dashboard_id, unavailable)
    await deps.repo.touch(row, now)
    return {
      actor,
      dashboard,
      lockedFilters: lockedFiltersOf(row),
      expiresAt: row.expires_at,
    }
  }

  async function resolveEmbed(jwt: string, ip: string | null): Promise<Resolved> {
    const secret = await deps.embedding.current()
    if (!secret)
      throw new AppError(404, 'EMBED_DISABLED', 'Embedding is off: an administrator has not set a secret')
    const claims = verifyEmbedToken(jwt, secret.secret)
    const actor = await actorFor(secret.ownerId, ip)
    const dashboard = await dashboardFor(
      actor,
      claims.dashboard,
      () => new AppError(404, 'SHARE_NOT_FOUND', 'The embedding token names a dashboard that does not exist'),
    )
    const lockedFilters = claims.params ?? {}
    assertKnownFilters(
      lockedFilters,
      dashboard.filters.map((f) => f.id),
    )
    return { actor, dashboard, lockedFilters, expiresAt: new Date(claims.exp * 1000) }
  }

  const resolve = (kind: PublicDashboard['kind'], token: string, ip: string | null) =>
    kind === 'link' ? resolveLink(token, ip) : resolveEmbed(token, ip)

  return {
    async definition(
      kind: PublicDashboard['kind'],
      token: string,
      ip: string | null,
    ): Promise<PublicDashboard> {
      const resolved = await resolve(kind, token, ip)
      return presentPublicDashboard({
        kind,
        dashboard: resolved.dashboard,
        lockedFilters: resolved.lockedFilters,
        expiresAt: resolved.expiresAt,
      })
    },

    /**
     * Runs one card. Locked filters always carry the link's value, whatever the viewer sent; a public
     * viewer never bypasses the result cache.
     */
    async runCard(
      kind: PublicDashboard['kind'],
      token: string,
      cardId: string,
      body: PublicCardRunInput,
      ip: string | null,
    ): Promise<PublicCardResult> {
      const { actor, dashboard, lockedFilters } = await resolve(kind, token, ip)
      const { compiled: _sql, ...result } = await deps.runner.run(
        actor,
        dashboard.id,
        cardId,
        { filters: body.filters, crossFilters: body.crossFilters, refresh: false },
        { lockedFilters },
      )
      return result
    },

    /**
     * A category filter's value list. Only on links that lock nothing: a list reads the whole column, so
     * with a locked filter it could show values the link was meant to hide.
     */
    async filterValues(
      kind: PublicDashboard['kind'],
      token: string,
      filterId: string,
      body: FilterValuesInput,
      ip: string | null,
    ): Promise<DashboardFilterValues> {
      const { actor, dashboard, lockedFilters } = await resolve(kind, token, ip)
      if (Object.keys(lockedFilters).length > 0)
        throw new ForbiddenError('Value lists are not offered on links that lock filters')
      return deps.filterValues(actor, dashboard.id, filterId, body)
    },
  }
}

export type PublicDashboardsService = ReturnType<typeof createPublicDashboardsService>
