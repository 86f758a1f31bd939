import path from 'node:path'
import { WAREHOUSE_SOURCE_ID } from '@vitrina/contracts'
import type { FastifyBaseLogger } from 'fastify'
import pino from 'pino'
import type { Config } from './config/config'
import { migrateToLatest, type OpenedSystemDb, openSystemDb } from './db/system-db'
import { createHttpApp } from './http/app'
import type { AppInstance } from './http/app-types'
import { RateLimiter } from './lib/rate-limiter'
import { type MetricsListener, registerMetricsRoute, startMetricsListener } from './metrics/metrics-endpoint'
import { createVitrinaMetrics } from './metrics/registry'
import { createApiKeysRepo } from './modules/api-keys/api-keys.repo'
import { registerApiKeyRoutes } from './modules/api-keys/api-keys.routes'
import { createApiKeysService } from './modules/api-keys/api-keys.service'
import { createAuditRepo } from './modules/audit/audit.repo'
import { registerAuditRoutes } from './modules/audit/audit.routes'
import { registerAuthRoutes } from './modules/auth/auth.routes'
import { createAuthService } from './modules/auth/auth.service'
import { createLoginAttemptsRepo } from './modules/auth/login-attempts.repo'
import { createSessionsRepo } from './modules/auth/sessions.repo'
import { createCollectionsRepo } from './modules/collections/collections.repo'
import { registerCollectionRoutes } from './modules/collections/collections.routes'
import { createCollectionsService } from './modules/collections/collections.service'
import {
  createDashboardSharesFeature,
  registerDashboardSharesFeatureRoutes,
} from './modules/dashboard-shares/dashboard-shares.feature'
import { createDashboardCardRunner } from './modules/dashboards/card-run'
import { registerDashboardCardRoutes } from './modules/dashboards/card-run.routes'
import { createDashboardsRepo } from './modules/dashboards/dashboards.repo'
import { registerDashboardRoutes } from './modules/dashboards/dashboards.routes'
import { createDashboardsService } from './modules/dashboards/dashboards.service'
import { createFilterValueList } from './modules/dashboards/filter-value-list'
import { createDatasetFeature, registerDatasetFeatureRoutes } from './modules/datasets/datasets.feature'
import { createGroupsRepo } from './modules/groups/groups.repo'
import { registerGroupRoutes } from './modules/groups/groups.routes'
import { createGroupsService } from './modules/groups/groups.service'
import { registerHealthRoutes } from './modules/health/health.routes'
import { registerPlatformHealthRoutes } from './modules/metrics/platform-health.routes'
import { createPlatformHealthService } from './modules/metrics/platform-health.service'
import { createQueryFeature, registerQueryFeatureRoutes } from './modules/query-run/query.feature'
import { createQuestionsRepo } from './modules/questions/questions.repo'
import { registerQuestionRoutes } from './modules/questions/questions.routes'
import { createQuestionsService } from './modules/questions/questions.service'
import { registerSampleContentRoutes } from './modules/samples/sample-content.routes'
import { createSampleContentService } from './modules/samples/sample-content.service'
import { startCatalogSchedule } from './modules/sources/catalog-schedule'
import { createUsersRepo } from './modules/users/users.repo'
import { registerUserRoutes } from './modules/users/users.routes'
import { createUsersService } from './modules/users/users.service'
import { assertWarehouseIsNotSystemDb } from './sources/system-db-guard'
import { VERSION } from './version'
import { lazyWarehouse, warehouseConfigOf } from './warehouse/lazy-warehouse'

export function createLogger(config: Pick<Config, 'logLevel'>): FastifyBaseLogger {
  return pino({
    level: config.logLevel,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password'],
      censor: '[redacted]',
    },
  })
}

export const DEFAULT_WEB_DIR = path.resolve(import.meta.dirname, '../../web/dist')

/** Builds every service from explicit dependencies. The composition root: no container, no globals. */
export function createServices(systemDb: OpenedSystemDb, config: Config) {
  const { db } = systemDb
  const audit = createAuditRepo(db)
  const usersRepo = createUsersRepo(db)
  const sessions = createSessionsRepo(db)
  const apiKeysRepo = createApiKeysRepo(db)
  const metrics = createVitrinaMetrics()
  metrics.observePool('system', systemDb.poolStats)
  metrics.observeActiveSessions(() => sessions.countActive(new Date(), config.session.idleMs))
  const auth = createAuthService({
    db,
    users: usersRepo,
    sessions,
    attempts: createLoginAttemptsRepo(db),
    apiKeys: apiKeysRepo,
    audit,
    config,
  })
  const collections = createCollectionsService({ db, repo: createCollectionsRepo(db), audit })
  const questionsRepo = createQuestionsRepo(db)
  const questions = createQuestionsService({ db, repo: questionsRepo, collections, audit })
  const dashboardsRepo = createDashboardsRepo(db)
  const dashboards = createDashboardsService({
    db,
    repo: dashboardsRepo,
    questions: questionsRepo,
    collections,
    audit,
  })
  const datasetFeature = createDatasetFeature({
    db,
    audit,
    warehouse: lazyWarehouse(warehouseConfigOf(config)),
    config,
    logger: createLogger(config),
    metrics,
    // An upload, rollback or row edit drops the dataset's cached results at once (queryFeature is built below).
    onDataChanged: (datasetId) => void queryFeature.queryRuns.invalidateDataset(datasetId),
    // Declared dataset references are foreign keys of the warehouse catalog: re-read it at once.
    onReferencesChanged: async () => void (await queryFeature.sources.sync(WAREHOUSE_SOURCE_ID)),
    // A new column or a dropped dataset changes the warehouse catalog the builder compiles against.
    onSchemaChanged: async () => void (await queryFeature.sources.sync(WAREHOUSE_SOURCE_ID)),
    // Linked datasets read a table or view of an added source through its driver.
    linkedSources: () => queryFeature.sources,
  })
  metrics.observePool('warehouse', () => datasetFeature.warehouse.poolStats())
  const queryFeature = createQueryFeature({
    db,
    audit,
    config,
    warehouse: datasetFeature.warehouse,
    metrics,
    datasetAccess: {
      canView: async (actor, id) => (await datasetFeature.datasets.accessFor(actor, id)) !== null,
    },
  })
  // Dashboard cards run with their filters applied on the server (also used by public links and embeds).
  const dashboardCards = createDashboardCardRunner({
    dashboardsRepo,
    collections,
    questionsRepo,
    questions,
    queryRuns: queryFeature.queryRuns,
  })
  const dashboardFilterValues = createFilterValueList({
    dashboards,
    sources: queryFeature.sources,
    queryRuns: queryFeature.queryRuns,
  })
  // Public links and embeds run cards through the same runner, as the link's creator.
  const dashboardShares = createDashboardSharesFeature({
    db,
    audit,
    config,
    dashboards,
    runner: dashboardCards,
    filterValues: dashboardFilterValues,
  })
  return {
    db,
    warehouse: datasetFeature.warehouse,
    queryFeature,
    datasetFeature,
    metrics,
    audit,
    usersRepo,
    sessions,
    auth,
    users: createUsersService({ db, repo: usersRepo, sessions, audit }),
    groups: createGroupsService({ db, repo: createGroupsRepo(db), audit }),
    apiKeys: createApiKeysService({ repo: apiKeysRepo, audit }),
    collections,
    questions,
    dashboards,
    dashboardCards,
    dashboardFilterValues,
    dashboardShares,
    platformHealth: createPlatformHealthService({
      sources: queryFeature.sources,
      collections,
      questions,
      dashboards,
    }),
    sampleContent: createSampleContentService({
      datasets: datasetFeature,
      collections,
      questions,
      dashboards,
    }),
  }
}
export type Services = ReturnType<typeof createServices>

export async function buildApp(
  services: Services,
  config: Config,
  logger: FastifyBaseLogger | boolean,
): Promise<AppInstance> {
  const app = await createHttpApp(
    {
      version: VERSION,
      bodyLimitBytes: config.bodyLimitBytes,
      trustProxy: config.trustProxy,
      webDir: config.webDir ?? DEFAULT_WEB_DIR,
      logger,
      metrics: services.metrics,
      embedOrigins: config.sharing.embedOrigins,
    },
    services.auth,
  )
  if (config.metrics.token && !config.metrics.listen) {
    registerMetricsRoute(app, { registry: services.metrics.registry, token: config.metrics.token })
  }
  registerHealthRoutes(app, { db: services.db, version: VERSION, services: config.services })
  registerAuthRoutes(app, {
    auth: services.auth,
    users: services.usersRepo,
    config,
    loginLimiter: new RateLimiter(config.login.ratePerMinute, 60_000),
  })
  registerUserRoutes(app, { users: services.users })
  registerGroupRoutes(app, { groups: services.groups })
  registerApiKeyRoutes(app, { apiKeys: services.apiKeys })
  registerAuditRoutes(app, { audit: services.audit })
  registerCollectionRoutes(app, { collections: services.collections })
  registerQuestionRoutes(app, { questions: services.questions, queryRuns: services.queryFeature.queryRuns })
  registerDashboardRoutes(app, { dashboards: services.dashboards })
  registerDashboardCardRoutes(app, {
    cards: services.dashboardCards,
    filterValues: services.dashboardFilterValues,
  })
  registerPlatformHealthRoutes(app, { platformHealth: services.platformHealth })
  registerSampleContentRoutes(app, { sampleContent: services.sampleContent })
  registerDashboardSharesFeatureRoutes(app, services.dashboardShares)
  registerDatasetFeatureRoutes(app, services.datasetFeature)
  registerQueryFeatureRoutes(app, services.queryFeature)
  await app.ready()
  return app
}

export interface RunningVitrina {
  app: AppInstance | null
  url: string | null
  /** The separate /metrics listener (METRICS_LISTEN), when configured. */
  metricsUrl: string | null
  stop(): Promise<void>
}

/** `vitrina start`: migrate, then start the services the config asks for, in this process. */
export async function startVitrina(config: Config, logger = createLogger(config)): Promise<RunningVitrina> {
  await assertWarehouseIsNotSystemDb(config)
  const systemDb = await openSystemDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  const report = await migrateToLatest(systemDb.db)
  if (report.applied.length > 0) logger.info({ applied: report.applied }, 'system database migrated')
  const services = createServices(systemDb, config)
  const timers: NodeJS.Timeout[] = []

  let app: AppInstance | null = null
  let url: string | null = null
  if (config.services.includes('web')) {
    app = await buildApp(services, config, logger)
    url = await app.listen({ port: config.port, host: config.host })
    logger.info({ url, services: config.services, systemDb: systemDb.kind }, 'Vitrina is running')
  }
  let metricsListener: MetricsListener | null = null
  if (config.metrics.listen) {
    metricsListener = await startMetricsListener(config.metrics.listen, {
      registry: services.metrics.registry,
      token: config.metrics.token,
    })
    logger.info({ url: metricsListener.url }, 'metrics listener is running')
  } else if (!config.metrics.token) {
    logger.info('metrics are not served: set METRICS_LISTEN or METRICS_TOKEN (docs/OPERATIONS.md)')
  }
  if (config.services.includes('worker')) {
    const purge = () =>
      services.auth
        .purgeExpiredSessions()
        .catch((err: unknown) => logger.error({ err }, 'session purge failed'))
    timers.push(setInterval(purge, 10 * 60_000).unref())
    void purge()
    const purgeUploads = () =>
      services.datasetFeature.uploads
        .purgeIncoming(24 * 3_600_000)
        .catch((err: unknown) => logger.error({ err }, 'upload purge failed'))
    timers.push(setInterval(purgeUploads, 60 * 60_000).unref())
    void purgeUploads()
    timers.push(
      startCatalogSchedule(services.queryFeature.sources, {
        onError: (err) => logger.error({ err }, 'source catalog sync failed'),
      }),
    )
  }

  return {
    app,
    url,
    metricsUrl: metricsListener?.url ?? null,
    async stop() {
      for (const t of timers) clearInterval(t)
      await metricsListener?.close()
      await app?.close()
      await services.queryFeature.close()
      await services.datasetFeature.close()
      await systemDb.close()
    },
  }
}
