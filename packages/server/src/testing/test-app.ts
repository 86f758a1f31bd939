import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CSRF_HEADER, type Me, type Role, SESSION_COOKIE } from '@vitrina/contracts'
import type { LightMyRequestResponse } from 'fastify'
import { type Config, loadConfig } from '../config/config'
import type { OpenedSystemDb } from '../db/system-db'
import type { AppInstance } from '../http/app-types'
import { buildApp, createServices, type Services } from '../main'
import { openTestSystemDb, type SystemDbKind } from './databases'

export const ADMIN = { email: 'admin@example.com', name: 'Админ', password: 'admin-password-1' }

export interface Session {
  cookie: string
  csrfToken: string
  user: Me['user']
}

export interface TestApp {
  app: AppInstance
  services: Services
  config: Config
  systemDb: OpenedSystemDb
  close(): Promise<void>
  /** Runs first-run setup and returns the admin's session. */
  setupAdmin(): Promise<Session>
  login(email: string, password: string): Promise<Session>
  createUser(
    admin: Session,
    role: Role,
    email?: string,
  ): Promise<{ id: string; email: string; password: string }>
  /** app.inject with the session's cookie and CSRF header. */
  as(session: Session | null, opts: InjectOptions): Promise<LightMyRequestResponse>
}

export interface InjectOptions {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  url: string
  payload?: unknown
  headers?: Record<string, string>
}

export async function createTestApp(
  opts: { db?: SystemDbKind; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const systemDb = await openTestSystemDb(opts.db ?? 'pglite')
  // A data folder of its own (uploads, the DuckDB warehouse), removed on close.
  const dataDir = opts.env?.VITRINA_DATA_DIR ? null : mkdtempSync(path.join(os.tmpdir(), 'vitrina-test-'))
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    VITRINA_WEB_DIR: '/nonexistent',
    ...(dataDir && { VITRINA_DATA_DIR: dataDir }),
    ...opts.env,
  })
  const services = createServices(systemDb, config)
  const app = await buildApp(services, config, false)

  const sessionFrom = (res: LightMyRequestResponse): Session => {
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)
    if (res.statusCode >= 300 || !cookie)
      throw new Error(`expected a session, got ${res.statusCode} ${res.body}`)
    const me = res.json() as Me
    return { cookie: `${SESSION_COOKIE}=${cookie.value}`, csrfToken: me.csrfToken ?? '', user: me.user }
  }

  const testApp: TestApp = {
    app,
    services,
    config,
    systemDb,
    async close() {
      await app.close()
      await services.datasetFeature.close()
      await systemDb.close()
      if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
    async setupAdmin() {
      return sessionFrom(await app.inject({ method: 'POST', url: '/api/setup', payload: ADMIN }))
    },
    async login(email, password) {
      return sessionFrom(
        await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } }),
      )
    },
    async createUser(admin, role, email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`) {
      const password = `${role}-password-1`
      const res = await testApp.as(admin, {
        method: 'POST',
        url: '/api/admin/users',
        payload: { email, name: role, role, password },
      })
      if (res.statusCode !== 201) throw new Error(`createUser: ${res.statusCode} ${res.body}`)
      return { id: (res.json() as { id: string }).id, email, password }
    },
    as(session, { headers, ...rest }) {
      return app.inject({
        ...rest,
        payload: rest.payload as string | object | undefined,
        headers: {
          ...(session && { cookie: session.cookie, [CSRF_HEADER]: session.csrfToken }),
          ...headers,
        },
      })
    },
  }
  return testApp
}
