import type { AuditAction } from '@vitrina/contracts'
import type { SystemDb } from '../../db/system-db'
import { newId } from '../../lib/tokens'

export interface ExecutionAudit {
  action: Extract<AuditAction, 'query.run' | 'query.export'>
  actor: { id: string | null; email: string | null; ip: string | null }
  sourceId: string
  details: Record<string, unknown>
}

const FLUSH_MS = 500
const FLUSH_ROWS = 200

/**
 * One audit row per execution, cached or not, written in batches off the request path: a cache hit
 * costs no system-DB round trip for its audit row. Rows wait at most `FLUSH_MS`; `close()` flushes.
 */
export function createExecutionAuditLog(db: SystemDb, onError: (err: unknown) => void = () => undefined) {
  let queue: ExecutionAudit[] = []
  let timer: NodeJS.Timeout | null = null
  let writing: Promise<void> = Promise.resolve()

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer)
    timer = null
    const batch = queue
    queue = []
    if (batch.length === 0) return writing
    writing = writing.then(() =>
      db
        .insertInto('audit_events')
        .values(
          batch.map((e) => ({
            id: newId(),
            action: e.action,
            actor_id: e.actor.id,
            actor_email: e.actor.email,
            target_type: 'source',
            target_id: e.sourceId,
            ip: e.actor.ip,
            details: JSON.stringify(e.details),
          })),
        )
        .execute()
        .then(
          () => undefined,
          (err: unknown) => onError(err),
        ),
    )
    return writing
  }

  return {
    record(entry: ExecutionAudit): void {
      queue.push(entry)
      if (queue.length >= FLUSH_ROWS) void flush()
      else timer ??= setTimeout(() => void flush(), FLUSH_MS)
    },
    flush,
  }
}

export type ExecutionAuditLog = ReturnType<typeof createExecutionAuditLog>
