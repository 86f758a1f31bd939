import type { AuditAction } from '@vitrina/contracts'
import type { SystemDb } from '../../db/system-db'
import { newId } from '../../lib/tokens'

export interface ExecutionAudit {
  action: Extract<AuditAction, 'query.run' | 'query.export'>
  actor: { id: string | null; email: string | null; ip: string | null }
  sourceId: string
  details: Record<string, unknown>
  /**
   * A cache hit: identical hits (same actor, address, source, statement and question) waiting for the same
   * write become one row that lists every run (`runs`, `runIds`, `durationsMs`), so a busy dashboard adds
   * rows per flush, not per request. Nothing is dropped; only the time within the flush window is shared.
   */
  hit?: { runId: string; durationMs: number; fold: string }
}

const FLUSH_MS = 500
const FLUSH_ROWS = 200
/** Runs one folded row lists at most; the next identical hit starts another row. */
const FOLD_MAX = 1000

/**
 * One audit row per execution (identical cache hits of one flush folded into one row that lists them),
 * written in batches off the request path: a cache hit costs no system-DB round trip for its audit row.
 * Rows wait at most `FLUSH_MS`; `flush()` writes them now.
 */
export function createExecutionAuditLog(db: SystemDb, onError: (err: unknown) => void = () => undefined) {
  let queue: ExecutionAudit[] = []
  let folded = new Map<string, { runIds: string[]; durationsMs: number[] }>()
  let timer: NodeJS.Timeout | null = null
  let writing: Promise<void> = Promise.resolve()

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer)
    timer = null
    const batch = queue
    queue = []
    folded = new Map()
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
            details: JSON.stringify(
              Array.isArray(e.details.runIds) ? { ...e.details, runs: e.details.runIds.length } : e.details,
            ),
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
      const { hit } = entry
      if (hit) {
        const key = `${entry.action}\u0000${entry.actor.id}\u0000${entry.actor.ip}\u0000${entry.sourceId}\u0000${hit.fold}`
        const same = folded.get(key)
        if (same && same.runIds.length < FOLD_MAX) {
          same.runIds.push(hit.runId)
          same.durationsMs.push(hit.durationMs)
          return
        }
        const runs = { runIds: [hit.runId], durationsMs: [hit.durationMs] }
        folded.set(key, runs)
        // The arrays keep growing until the flush; `runs` is counted when the row is written.
        entry = { ...entry, details: { ...entry.details, ...runs } }
      }
      queue.push(entry)
      if (queue.length >= FLUSH_ROWS) void flush()
      else timer ??= setTimeout(() => void flush(), FLUSH_MS)
    },
    flush,
  }
}

export type ExecutionAuditLog = ReturnType<typeof createExecutionAuditLog>
