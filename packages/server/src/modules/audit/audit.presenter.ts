import type { AuditEvent } from '@vitrina/contracts'
import type { DbAuditEvent } from '../../db/schema'

export function presentAuditEvent(row: DbAuditEvent): AuditEvent {
  return {
    id: row.id,
    at: row.at.toISOString(),
    action: row.action,
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    targetType: row.target_type,
    targetId: row.target_id,
    ip: row.ip,
    details: (typeof row.details === 'string' ? JSON.parse(row.details) : row.details) as Record<
      string,
      unknown
    >,
  }
}
