import type { AuditAction } from '@vitrina/contracts'
import type { Kysely } from 'kysely'
import type { DbAuditEvent, SystemDatabase } from '../../db/schema'
import type { SystemDb } from '../../db/system-db'
import { newId } from '../../lib/tokens'

export interface AuditEntry {
  action: AuditAction
  actor: { id: string; email: string; ip: string | null } | null
  ip?: string | null
  target?: { type: string; id: string } | null
  details?: Record<string, unknown>
}

export interface AuditListFilter {
  action: string | null
  actorId: string | null
  before: Date | null
  limit: number
}

export function createAuditRepo(db: SystemDb) {
  return {
    /** Pass `trx` to record inside the transaction that makes the change, so both land or neither. */
    async record(entry: AuditEntry, trx: Kysely<SystemDatabase> = db): Promise<void> {
      await trx
        .insertInto('audit_events')
        .values({
          id: newId(),
          action: entry.action,
          actor_id: entry.actor?.id ?? null,
          actor_email: entry.actor?.email ?? null,
          target_type: entry.target?.type ?? null,
          target_id: entry.target?.id ?? null,
          ip: entry.actor?.ip ?? entry.ip ?? null,
          details: JSON.stringify(entry.details ?? {}),
        })
        .execute()
    },

    async list(filter: AuditListFilter): Promise<DbAuditEvent[]> {
      let query = db.selectFrom('audit_events').selectAll().orderBy('at', 'desc').orderBy('id', 'desc')
      if (filter.action) query = query.where('action', '=', filter.action)
      if (filter.actorId) query = query.where('actor_id', '=', filter.actorId)
      if (filter.before) query = query.where('at', '<', filter.before)
      return query.limit(filter.limit).execute()
    },
  }
}

export type AuditRepo = ReturnType<typeof createAuditRepo>
