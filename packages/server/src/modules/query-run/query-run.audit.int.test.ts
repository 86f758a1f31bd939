import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OpenedSystemDb } from '../../db/system-db'
import { openTestSystemDb } from '../../testing/databases'
import { createExecutionAuditLog, type ExecutionAudit } from './query-run.audit'

describe('execution audit log', () => {
  let sys: OpenedSystemDb
  beforeAll(async () => {
    sys = await openTestSystemDb('pglite')
  })
  afterAll(async () => {
    await sys.close()
  })

  const hit = (actorId: string, runId: string, durationMs: number, sql = 'SELECT 1'): ExecutionAudit => ({
    action: 'query.run',
    actor: { id: null, email: `${actorId}@example.com`, ip: '10.0.0.1' },
    sourceId: 'warehouse',
    details: { sqlHash: sql, sql, kind: 'native', questionId: null, cached: true },
    hit: { runId, durationMs, fold: `${actorId}:${sql}` },
  })

  it('folds identical cache hits of one flush into one row listing every run; misses stay one row each', async () => {
    const log = createExecutionAuditLog(sys.db)
    log.record(hit('a', 'r1', 0.5))
    log.record(hit('a', 'r2', 0.7))
    log.record(hit('b', 'r3', 0.4))
    log.record(hit('a', 'r4', 0.6, 'SELECT 2'))
    log.record({
      action: 'query.run',
      actor: { id: null, email: 'a@example.com', ip: '10.0.0.1' },
      sourceId: 'warehouse',
      details: { sqlHash: 'SELECT 1', runId: 'r5', cached: false, durationMs: 12 },
    })
    log.record(hit('a', 'r6', 0.3))
    await log.flush()
    // A later flush starts new rows.
    log.record(hit('a', 'r7', 0.2))
    await log.flush()

    const rows = await sys.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'query.run')
      .execute()
    const details = rows.map((r) => (typeof r.details === 'string' ? JSON.parse(r.details) : r.details))
    const runsOf = (d: Record<string, unknown>) => (d.runIds as string[] | undefined) ?? [d.runId]
    expect(details.map(runsOf).sort((x, y) => String(x[0]).localeCompare(String(y[0])))).toEqual([
      ['r1', 'r2', 'r6'],
      ['r3'],
      ['r4'],
      ['r5'],
      ['r7'],
    ])
    const folded = details.find((d) => (d.runIds as string[] | undefined)?.[0] === 'r1')
    expect(folded).toMatchObject({ runs: 3, durationsMs: [0.5, 0.7, 0.3], cached: true, sql: 'SELECT 1' })
  })
})
