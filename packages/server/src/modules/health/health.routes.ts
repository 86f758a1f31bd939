import { healthSchema } from '@vitrina/contracts'
import { sql } from 'kysely'
import type { SystemDb } from '../../db/system-db'
import type { AppInstance } from '../../http/app-types'

export function registerHealthRoutes(
  app: AppInstance,
  deps: { db: SystemDb; version: string; services: string[] },
): void {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      logLevel: 'warn',
      schema: { tags: ['health'], response: { 200: healthSchema, 503: healthSchema } },
    },
    async (_request, reply) => {
      const started = performance.now()
      let ok = true
      try {
        await sql`select 1`.execute(deps.db)
      } catch {
        ok = false
      }
      const body = {
        status: ok ? ('ok' as const) : ('degraded' as const),
        version: deps.version,
        services: deps.services,
        checks: { systemDb: { ok, ms: Math.round((performance.now() - started) * 100) / 100 } },
      }
      return reply.code(ok ? 200 : 503).send(body)
    },
  )
}
