import type pg from 'pg'
import type { VaultConfig } from './config'
import { type ConnectionSpec, clientConfig, connect } from './connections'
import { assertUnreachable, PipelineError } from './errors'
import { type Logger, stderrLogger } from './log'
import { formatLsn, parseLsn } from './lsn'
import type { PipelineMetrics } from './metrics'
import { RelationTracker } from './relations'
import { ReplicationStream } from './replication/stream'
import {
  checkpointParams,
  checkpointSql,
  hubTypesFrom,
  readCheckpoint,
  readQuarantine,
  readRelations,
  writeCheckpoint,
} from './state'
import { VaultWriter } from './vault/writer'

export interface RunOptions {
  source: ConnectionSpec
  target: ConnectionSpec
  config: VaultConfig
  slot: string
  publication: string
  /** A batch commits once it holds this many changes (at a source transaction boundary)... */
  batchMaxChanges?: number
  /** ...or once its first transaction is this old. */
  batchMaxMs?: number
  /** Idle time after which a heartbeat message is written on the source so the slot can advance. */
  heartbeatMs?: number
  signal?: AbortSignal | null
  /** Return once the checkpoint reaches this LSN (tests, benchmarks, catch-up jobs). */
  stopAtLsn?: bigint | null
  metrics?: PipelineMetrics | null
  log?: Logger
  onBatch?: ((batch: BatchInfo) => void) | null
}

export interface BatchInfo {
  changes: number
  transactions: number
  checkpointLsn: bigint
  /** Source commit time of every transaction in the batch (commit-to-vault lag). */
  commitTimes: Date[]
  committedAt: Date
  durationMs: number
}

export interface RunResult {
  checkpointLsn: bigint
  changesApplied: number
  /** Most decoded messages waiting at once: stays near the backpressure mark if it works. */
  maxQueuedMessages: number
}

/** Checks that the slot has not confirmed anything the vault does not hold. */
export async function checkSlotAgainstCheckpoint(
  source: pg.ClientBase,
  slot: string,
  checkpointLsn: bigint,
): Promise<{ confirmedFlushLsn: bigint }> {
  const res = await source.query(
    `SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1`,
    [slot],
  )
  if (res.rows.length === 0)
    throw new PipelineError('PIPELINE_SLOT_MISSING', `replication slot ${slot} does not exist; run init`, {
      slot,
    })
  const confirmed = parseLsn(res.rows[0].lsn)
  if (confirmed > checkpointLsn)
    throw new PipelineError(
      'PIPELINE_SLOT_AHEAD_OF_CHECKPOINT',
      `slot ${slot} confirmed ${formatLsn(confirmed)} but the vault checkpoint is ${formatLsn(checkpointLsn)}: ` +
        'changes in between are gone from the slot; run resnapshot',
      { slot, confirmedFlushLsn: formatLsn(confirmed), checkpointLsn: formatLsn(checkpointLsn) },
    )
  return { confirmedFlushLsn: confirmed }
}

/**
 * Streams the slot into the vault until aborted (or `stopAtLsn`). Exactly once: each batch of whole
 * source transactions and its checkpoint commit in one target transaction; the slot hears about an
 * LSN only after that commit; on start, transactions at or below the checkpoint are skipped.
 */
export async function run(opts: RunOptions): Promise<RunResult> {
  const config = structuredClone(opts.config)
  const log = opts.log ?? stderrLogger
  const batchMaxChanges = opts.batchMaxChanges ?? 20_000
  const batchMaxMs = opts.batchMaxMs ?? 200
  const heartbeatMs = opts.heartbeatMs ?? 10_000
  const metrics = opts.metrics ?? null
  const labels = { slot: opts.slot }
  const schema = config.schema

  const target = await connect(opts.target)
  // The slot is acknowledged right after COMMIT returns, so the commit must be durable by then:
  // with asynchronous commit a target crash could lose a batch the source already let go of.
  await target.query('SET synchronous_commit = on')
  const source = await connect(opts.source)
  let stream: ReplicationStream | null = null
  let targetOpen = false
  try {
    const cp = await readCheckpoint(target, schema, opts.slot)
    if (!cp)
      throw new PipelineError(
        'PIPELINE_NOT_INITIALISED',
        `no checkpoint for slot ${opts.slot}; run init first`,
        {
          slot: opts.slot,
        },
      )
    await checkSlotAgainstCheckpoint(source, opts.slot, cp.lsn)
    let checkpointLsn = cp.lsn
    const relations = await readRelations(target, schema)
    const tracker = new RelationTracker(target, config, relations, await readQuarantine(target, schema), log)
    const writer = new VaultWriter(target, config, hubTypesFrom(config, relations))

    stream = await ReplicationStream.connect(clientConfig(opts.source))
    await stream.start({ slot: opts.slot, publication: opts.publication, startLsn: checkpointLsn })
    log({ level: 'info', msg: 'streaming', slot: opts.slot, from: formatLsn(checkpointLsn) })
    metrics?.checkpointLsn.set(labels, Number(checkpointLsn))

    let batchStarted = 0
    let batchChanges = 0
    let batchTxns = 0
    let batchEndLsn: bigint | null = null
    let batchCommitTime: Date | null = null
    let commitTimes: Date[] = []
    let lastActivity = Date.now()
    let lastHeartbeat = 0
    let lastCommitAt = Date.now()
    let rate = 0
    let total = 0
    let txn: { finalLsn: bigint; commitTime: Date; seq: number; skip: boolean } | null = null

    const ensure = async () => {
      if (targetOpen) return
      // Queued like every write of the batch; a failure surfaces at commit.
      writer.enqueue('BEGIN', [])
      targetOpen = true
      batchStarted = Date.now()
    }
    const commitBatch = async () => {
      await writer.flush()
      const b = {
        endLsn: batchEndLsn,
        commitTime: batchCommitTime,
        changes: batchChanges,
        txns: batchTxns,
        commitTimes,
        started: batchStarted,
      }
      if (b.endLsn !== null) {
        const now = Date.now()
        const instant = (b.changes * 1000) / Math.max(1, now - lastCommitAt)
        rate = rate === 0 ? instant : rate * 0.8 + instant * 0.2
        lastCommitAt = now
        writer.enqueue(
          checkpointSql(schema),
          checkpointParams(opts.slot, b.endLsn, b.commitTime, b.changes, rate),
        )
      }
      // Awaited: the slot is acknowledged only once this COMMIT has returned. (Letting the next
      // batch be decoded during the COMMIT was measured: no gain within the noise, more states.)
      await writer.commit()
      targetOpen = false
      const committedAt = new Date()
      if (b.endLsn !== null) {
        checkpointLsn = b.endLsn
        stream!.acknowledge(checkpointLsn)
        total += b.changes
        const durationMs = committedAt.getTime() - b.started
        if (metrics) {
          metrics.checkpointLsn.set(labels, Number(checkpointLsn))
          metrics.changesApplied.inc(labels, b.changes)
          metrics.changesPerSecond.set(labels, rate)
          metrics.batchDuration.observe(labels, durationMs / 1000)
          if (b.commitTime)
            metrics.applyLagSeconds.set(labels, (committedAt.getTime() - b.commitTime.getTime()) / 1000)
        }
        await pollSlotLag()
        opts.onBatch?.({
          changes: b.changes,
          transactions: b.txns,
          checkpointLsn,
          commitTimes: b.commitTimes,
          committedAt,
          durationMs,
        })
      }
      batchChanges = 0
      batchTxns = 0
      batchEndLsn = null
      batchCommitTime = null
      commitTimes = []
    }
    const targetTxn = { ensure, flush: () => writer.drain() }
    const done = () => opts.stopAtLsn != null && checkpointLsn >= opts.stopAtLsn
    let lastLagPoll = 0
    const pollSlotLag = async () => {
      if (!metrics || Date.now() - lastLagPoll < 5000) return
      lastLagPoll = Date.now()
      const lag = await source.query(
        `SELECT (pg_current_wal_lsn() - confirmed_flush_lsn)::float8 AS lag FROM pg_replication_slots WHERE slot_name = $1`,
        [opts.slot],
      )
      metrics.slotLagBytes.set(labels, Number(lag.rows[0]?.lag ?? 0))
    }
    const heartbeat = async () => {
      lastHeartbeat = Date.now()
      await source.query(`SELECT pg_logical_emit_message(true, 'vitrina.heartbeat', now()::text)`)
      await pollSlotLag()
    }

    while (!opts.signal?.aborted && !done()) {
      const waiting = targetOpen && txn === null
      const timeout = waiting ? Math.max(1, batchMaxMs - (Date.now() - batchStarted)) : 250
      const msg = await stream.next(timeout)
      if (msg === null) {
        if (targetOpen && txn === null) await commitBatch()
        else if (txn === null && stream.drained && stream.serverWalEnd > checkpointLsn) {
          // Idle and everything the server sent is applied: the WAL up to its sent position holds
          // nothing more for us. Checkpoint it first, then acknowledge it, so the slot can release
          // that WAL and a shutting-down walsender sees its data confirmed.
          const lsn = stream.serverWalEnd
          await target.query('BEGIN')
          await writeCheckpoint(target, schema, {
            slotName: opts.slot,
            lsn,
            commitTime: null,
            changes: 0,
            changesPerSecond: rate,
          })
          await target.query('COMMIT')
          checkpointLsn = lsn
          stream.acknowledge(lsn)
          metrics?.checkpointLsn.set(labels, Number(lsn))
        } else if (txn === null) {
          const idle = Date.now() - lastActivity
          const wantHeartbeat = idle >= heartbeatMs || (opts.stopAtLsn != null && idle >= 250)
          if (wantHeartbeat && Date.now() - lastHeartbeat >= Math.min(heartbeatMs, 1000)) await heartbeat()
        }
        continue
      }
      lastActivity = Date.now()
      switch (msg.tag) {
        case 'begin':
          txn = {
            finalLsn: msg.finalLsn,
            commitTime: msg.commitTime,
            seq: 0,
            skip: msg.finalLsn < checkpointLsn,
          }
          if (!txn.skip) await ensure()
          break
        case 'commit':
          if (txn && !txn.skip) {
            batchTxns++
            batchEndLsn = msg.endLsn
            batchCommitTime = msg.commitTime
            commitTimes.push(msg.commitTime)
          }
          txn = null
          if (targetOpen && (batchChanges >= batchMaxChanges || Date.now() - batchStarted >= batchMaxMs))
            await commitBatch()
          break
        case 'relation':
          await tracker.onRelation(msg, targetTxn)
          break
        case 'insert':
        case 'update':
        case 'delete': {
          if (!txn || txn.skip) break
          const relation = tracker.get(msg.relationId)
          txn.seq++
          if (!relation) break
          await writer.add({
            relation,
            op: msg.tag,
            values: msg.tag === 'delete' ? null : msg.newTuple,
            old: msg.tag === 'insert' ? null : msg.tag === 'update' ? msg.oldTuple : msg.oldTuple,
            lsn: txn.finalLsn,
            seq: txn.seq,
            commitTime: txn.commitTime,
          })
          batchChanges++
          break
        }
        case 'truncate':
          if (txn && !txn.skip) await tracker.onTruncate(msg.relationIds, targetTxn)
          break
        case 'type':
        case 'origin':
        case 'message':
          break
        default:
          assertUnreachable(msg)
      }
    }
    if (targetOpen && txn === null) await commitBatch()
    return { checkpointLsn, changesApplied: total, maxQueuedMessages: stream.maxQueued }
  } finally {
    if (targetOpen) await target.query('ROLLBACK').catch(() => undefined)
    await stream?.close()
    await source.end().catch(() => undefined)
    await target.end().catch(() => undefined)
  }
}
