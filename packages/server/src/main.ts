import path from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import pino from 'pino'
import type { Config } from './config/config'
import { migrateToLatest, type OpenedSystemDb, openSystemDb } from './db/system-db'
import { createHttpApp } from './http/app'
import type { AppInstance } from './http/app-types'
import { RateLimiter } from './lib/rate-limiter'
import { createApiKeysRepo } from './modules/api-keys/api-keys.repo'
import { registerApiKeyRoutes } from './modules/api-keys/api-keys.routes'
import { createApiKeysService } from './modules/api-keys/api-keys.service'
import { createAuditRepo } from './modules/audit/audit.repo'
import { registerAuditRoutes } from './modules/audit/audit.routes'
import { registerAuthRoutes } from './modules/auth/auth.routes'
import { createAuthService } from './modules/auth/auth.service'
import { createLoginAttemptsRepo } from './modules/auth/login-attempts.repo'
import { createSessionsRepo } from './modules/auth/sessions.repo'
import { createGroupsRepo } from './modules/groups/groups.repo'
import { registerGroupRoutes } from './modules/groups/groups.routes'
import { createGroupsService } from './modules/groups/groups.service'
import { registerHealthRoutes } from './modules/health/health.routes'
import { createUsersRepo } from './modules/users/users.repo'
import { registerUserRoutes } from './modules/users/users.routes'
import { createUsersService } from './modules/users/users.service'
import { VERSION } from './version'

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
  const auth = createAuthService({
    db,
    users: usersRepo,
    sessions,
    attempts: createLoginAttemptsRepo(db),
    apiKeys: apiKeysRepo,
    audit,
    config,
  })
  return {
    db,
    audit,
    usersRepo,
    sessions,
    auth,
    users: createUsersService({ db, repo: usersRepo, sessions, audit }),
    groups: createGroupsService({ db, repo: createGroupsRepo(db), audit }),
    apiKeys: createApiKeysService({ repo: apiKeysRepo, audit }),
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
    },
    services.auth,
  )
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
  await app.ready()
  return app
}

export interface RunningVitrina {
  app: AppInstance | null
  url: string | null
  stop(): Promise<void>
}

/** `vitrina start`: migrate, then start the services the config asks for, in this process. */
export async function startVitrina(config: Config, logger = createLogger(config)): Promise<RunningVitrina> {
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
  if (config.services.includes('worker')) {
    const purge = () =>
      services.auth
        .purgeExpiredSessions()
        .catch((err: unknown) => logger.error({ err }, 'session purge failed'))
    timers.push(setInterval(purge, 10 * 60_000).unref())
    void purge()
  }

  return {
    app,
    url,
    async stop() {
      for (const t of timers) clearInterval(t)
      await app?.close()
      await systemDb.close()
    },
  }
}
