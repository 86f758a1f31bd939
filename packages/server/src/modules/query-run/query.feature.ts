import { createMemoryStore } from '../../cache/memory-store'
import { createQueryCache } from '../../cache/query-cache'
import { createRedisStore } from '../../cache/redis-store'
import type { Config } from '../../config/config'
import type { SystemDb } from '../../db/system-db'
import type { AppInstance } from '../../http/app-types'
import type { VitrinaMetrics } from '../../metrics/registry'
import { createSecretBox, loadSecretKey } from '../../sources/secret-box'
import { createSystemDbGuard, systemDbIdentity } from '../../sources/system-db-guard'
import type { Warehouse } from '../../warehouse'
import type { AuditRepo } from '../audit/audit.repo'
import { createSourcesRepo } from '../sources/sources.repo'
import { registerSourceRoutes } from '../sources/sources.routes'
import { createSourcesService } from '../sources/sources.service'
import { systemWarehouseFingerprint, systemWarehouseKeys } from '../sources/warehouse-keys'
import { type DataVersions, systemDataVersions } from './data-versions'
import { createExecutionAuditLog } from './query-run.audit'
import { registerQueryRunRoutes } from './query-run.routes'
import { createQueryRunService, type DatasetReadAccess } from './query-run.service'

/**
 * Sources, the result cache and query execution, built from explicit dependencies (`main.ts` calls this).
 * `dataDir` is null for in-memory tests (a per-process credential key).
 */
export function createQueryFeature(deps: {
  db: SystemDb
  audit: AuditRepo
  config: Pick<Config, 'secretKey' | 'queryCache' | 'databaseUrl'> & { dataDir: string | null }
  warehouse: Warehouse | null
  metrics: VitrinaMetrics
  dataVersions?: DataVersions
  /** The datasets module's view permission, checked for non-admins on warehouse queries. */
  datasetAccess?: DatasetReadAccess
  onError?: (err: unknown) => void
}) {
  const { config } = deps
  const store = config.queryCache.redisUrl
    ? createRedisStore({ url: config.queryCache.redisUrl, prefix: config.queryCache.redisPrefix })
    : createMemoryStore({ maxBytes: config.queryCache.maxBytes })
  const cache = createQueryCache({ store, maxEntryBytes: config.queryCache.maxEntryBytes })
  const secrets = createSecretBox(() =>
    loadSecretKey({ configured: config.secretKey, dataDir: config.dataDir }),
  )
  const sources = createSourcesService({
    repo: createSourcesRepo(deps.db),
    audit: deps.audit,
    secrets,
    warehouse: deps.warehouse,
    guard: createSystemDbGuard(
      { databaseUrl: config.databaseUrl, dataDir: config.dataDir },
      systemDbIdentity(config.databaseUrl),
    ),
    cache,
    metrics: deps.metrics,
    warehouseKeys: systemWarehouseKeys(deps.db),
    warehouseFingerprint: systemWarehouseFingerprint(deps.db),
  })
  const executionAudit = createExecutionAuditLog(deps.db, deps.onError)
  const queryRuns = createQueryRunService({
    sources,
    cache,
    dataVersions: deps.dataVersions ?? systemDataVersions(deps.db),
    audit: executionAudit,
    metrics: deps.metrics,
    datasetAccess: deps.datasetAccess,
  })
  return {
    sources,
    queryRuns,
    cache,
    /** Writes the execution audit rows queued so far (tests, shutdown). */
    flushAudit: () => executionAudit.flush(),
    async close() {
      queryRuns.abortAll()
      await executionAudit.flush()
      await sources.close()
      await cache.close()
    },
  }
}

export type QueryFeature = ReturnType<typeof createQueryFeature>

export function registerQueryFeatureRoutes(app: AppInstance, feature: QueryFeature): void {
  registerSourceRoutes(app, { sources: feature.sources })
  registerQueryRunRoutes(app, { queryRuns: feature.queryRuns })
}
