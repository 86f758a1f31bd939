import { auditPageSchema, auditQuerySchema } from '@vitrina/contracts'
import type { AppInstance } from '../../http/app-types'
import { presentAuditEvent } from './audit.presenter'
import type { AuditRepo } from './audit.repo'

export function registerAuditRoutes(app: AppInstance, deps: { audit: AuditRepo }): void {
  app.get(
    '/api/admin/audit',
    {
      config: { access: 'admin' },
      schema: { tags: ['admin'], querystring: auditQuerySchema, response: { 200: auditPageSchema } },
    },
    async (request) => {
      const q = request.query
      const rows = await deps.audit.list({
        action: q.action ?? null,
        actorId: q.actorId ?? null,
        before: q.before ? new Date(q.before) : null,
        limit: q.limit,
      })
      const last = rows.at(-1)
      return {
        events: rows.map(presentAuditEvent),
        nextBefore: rows.length === q.limit && last ? last.at.toISOString() : null,
      }
    },
  )
}
