import type { VaultConfig } from './config'
import { type ConnectionSpec, connect } from './connections'
import { formatLsn } from './lsn'
import { quoteIdent as q } from './replication/stream'
import { readCheckpoint } from './state'

export interface StatusOptions {
  source: ConnectionSpec
  target: ConnectionSpec
  config: VaultConfig
  slot: string
}

export interface PipelineStatus {
  slot: {
    name: string
    exists: boolean
    active: boolean
    confirmedFlushLsn: string | null
    /** WAL the slot holds back: source head minus confirmed_flush_lsn. */
    lagBytes: number | null
    walStatus: string | null
    /** Bytes left before max_slot_wal_keep_size invalidates the slot (null when unlimited). */
    safeWalSizeBytes: number | null
  }
  checkpoint: { lsn: string; commitTime: string | null; updatedAt: string; changesTotal: number } | null
  /** Seconds between now and the source commit of the last applied transaction, when behind. */
  applyLagSeconds: number | null
  changesPerSecond: number
  quarantined: { table: string; reason: string }[]
  advice: string[]
}

const RATE_FRESH_MS = 30_000

/** The figures behind `vitrina pipeline status`, read from the source slot and the target checkpoint. */
export async function status(opts: StatusOptions): Promise<PipelineStatus> {
  const source = await connect(opts.source)
  const target = await connect(opts.target)
  try {
    const slotRes = await source.query(
      `SELECT active, confirmed_flush_lsn::text AS lsn, wal_status, safe_wal_size::float8 AS safe,
              (pg_current_wal_lsn() - confirmed_flush_lsn)::float8 AS lag
         FROM pg_replication_slots WHERE slot_name = $1`,
      [opts.slot],
    )
    const keep = await source.query(`SELECT setting FROM pg_settings WHERE name = 'max_slot_wal_keep_size'`)
    const s = slotRes.rows[0] ?? null
    const cp = await readCheckpoint(target, opts.config.schema, opts.slot)
    let quarantined: { table: string; reason: string }[] = []
    if (cp) {
      const qr = await target.query(
        `SELECT source, reason FROM ${q(opts.config.schema)}.pipeline_quarantine ORDER BY source`,
      )
      quarantined = qr.rows.map((r) => ({ table: r.source, reason: r.reason }))
    }
    const lagBytes = s ? Number(s.lag) : null
    const caughtUp = lagBytes !== null && lagBytes < 1024 * 1024
    const applyLagSeconds =
      cp?.commitTime && !caughtUp ? Math.max(0, (Date.now() - cp.commitTime.getTime()) / 1000) : cp ? 0 : null
    const advice: string[] = []
    if (keep.rows[0]?.setting === '-1')
      advice.push(
        'max_slot_wal_keep_size is unlimited: a stopped loader lets the slot retain WAL until the disk fills. ' +
          'Set it to what the WAL volume can spare (e.g. 10GB); if the slot is then invalidated, run resnapshot.',
      )
    if (s?.wal_status === 'unreserved' || s?.wal_status === 'lost')
      advice.push(`slot WAL status is ${s.wal_status}: the slot is about to lose or has lost WAL; resnapshot`)
    if (!s) advice.push(`slot ${opts.slot} does not exist: run init`)
    if (quarantined.length > 0)
      advice.push('quarantined tables no longer follow the source: fix the cause, then resnapshot')
    return {
      slot: {
        name: opts.slot,
        exists: s !== null,
        active: s?.active ?? false,
        confirmedFlushLsn: s?.lsn ?? null,
        lagBytes,
        walStatus: s?.wal_status ?? null,
        safeWalSizeBytes: s?.safe == null ? null : Number(s.safe),
      },
      checkpoint: cp
        ? {
            lsn: formatLsn(cp.lsn),
            commitTime: cp.commitTime?.toISOString() ?? null,
            updatedAt: cp.updatedAt.toISOString(),
            changesTotal: cp.changesTotal,
          }
        : null,
      applyLagSeconds,
      // A running loader rewrites its checkpoint at least every heartbeat; an older rate is history.
      changesPerSecond: cp && Date.now() - cp.updatedAt.getTime() < RATE_FRESH_MS ? cp.changesPerSecond : 0,
      quarantined,
      advice,
    }
  } finally {
    await source.end().catch(() => undefined)
    await target.end().catch(() => undefined)
  }
}
