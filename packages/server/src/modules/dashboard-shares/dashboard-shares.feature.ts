import type { Config } from '../../config/config'
import type { SystemDb } from '../../db/system-db'
import type { AppInstance } from '../../http/app-types'
import { RateLimiter } from '../../lib/rate-limiter'
import { createSecretBox, loadSecretKey } from '../../sources/secret-box'
import type { AuditRepo } from '../audit/audit.repo'
import type { DashboardsService } from '../dashboards/dashboards.service'
import type { FilterValueList } from '../dashboards/filter-value-list'
import { createDashboardSharesRepo } from './dashboard-shares.repo'
import { registerDashboardShareRoutes } from './dashboard-shares.routes'
import { createDashboardSharesService } from './dashboard-shares.service'
import { createEmbeddingService } from './embedding.service'
import { registerPublicDashboardRoutes } from './public-dashboards.routes'
import { type CardRunner, createPublicDashboardsService } from './public-dashboards.service'
import { createShareTokens, deriveKey } from './share-token'

/**
 * Public links and embedding, built from explicit dependencies (`main.ts` calls this). Link tokens are
 * signed with a key derived from the installation secret, the embedding secret is sealed with it.
 */
export function createDashboardSharesFeature(deps: {
  db: SystemDb
  audit: AuditRepo
  config: Pick<Config, 'secretKey' | 'sharing'> & { dataDir: string | null }
  dashboards: Pick<DashboardsService, 'get'>
  runner: CardRunner
  filterValues: FilterValueList
}) {
  let installationKey: Buffer | null = null
  const key = () => {
    installationKey ??= loadSecretKey({ configured: deps.config.secretKey, dataDir: deps.config.dataDir })
    return installationKey
  }
  const repo = createDashboardSharesRepo(deps.db)
  const tokens = createShareTokens(() => deriveKey(key(), 'dashboard-share-links'))
  const embedding = createEmbeddingService({
    db: deps.db,
    secrets: createSecretBox(key),
    audit: deps.audit,
    origins: deps.config.sharing.embedOrigins,
  })
  return {
    embedding,
    shares: createDashboardSharesService({
      db: deps.db,
      repo,
      dashboards: deps.dashboards,
      tokens,
      audit: deps.audit,
    }),
    publicDashboards: createPublicDashboardsService({
      db: deps.db,
      repo,
      tokens,
      embedding,
      dashboards: deps.dashboards,
      runner: deps.runner,
      filterValues: deps.filterValues,
    }),
    limiter: new RateLimiter(deps.config.sharing.ratePerMinute, 60_000),
  }
}

export type DashboardSharesFeature = ReturnType<typeof createDashboardSharesFeature>

export function registerDashboardSharesFeatureRoutes(
  app: AppInstance,
  feature: DashboardSharesFeature,
): void {
  registerDashboardShareRoutes(app, feature)
  registerPublicDashboardRoutes(app, feature)
}
