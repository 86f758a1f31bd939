import type pg from 'pg'
import type { VaultConfig } from './config'
import { type ConnectionSpec, clientConfig, connect } from './connections'
import { assertUnreachable, PipelineError } from './errors'
import { YIELD_EVERY_MS, yieldToEventLoop } from './event-loop'
import { type Logger, stderrLogger } from './log'
import { formatLsn, parseLsn } from './lsn'
import type { PipelineMetrics } from './metrics'
import { RateWindow } from './rate-window'
import { RelationTracker } from './relations'
import { ReplicationStream } from './replication/stream'
import {
  checkpointParams,
  checkpointSql,
  hubTypesFrom,
  readCheckpoint,
  readQuarantine,
  readRelations,
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
  /** Latest satellite versions kept in memory per satellite (more: fewer lookups, more memory). */
  versionCacheLimit?: number
  /** How often the slot lag is read from the source for `metrics` (default 5 s). */
  slotLagPollMs?: number
  /** Window of the changes/s figure (default 10 s): it falls to 0 one window after the last batch. */
  rateWindowMs?: number
  signal?: AbortSignal | null
  /** Return once the checkpoint reaches this LSN (tests, benchmarks, catch-up jobs). */
  stopAtLsn?: bigint | null
  metrics?: PipelineMetrics | null
  log?: Logger
  onBatch?: ((batch: BatchInfo) => void) | null
  /**
   * Called once a batch has committed in the target, before the slot hears about it. Tests use it
   * to stop a loader exactly between the commit and the acknowledgement.
   */
  onCommitted?: ((batch: BatchInfo) => void | Promise<void>) | null
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
  /** Transactions the server sent that were already in the vault (replay after a lost acknowledgement). */
  transactionsSkipped: number
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

// Batch N+1's checkpoint and COMMIT are queued right behind N's: the target queue sends nothing after
// a failure, so N+1 can only commit once N has. Waiting for N's COMMIT instead kept the loop idle
// for ~30% of the apply phase (measured).
const MAX_BATCHES_COMMITTING = 3

interface Batch {
  started: number
  changes: number
  transactions: number
  endLsn: bigint | null
  commitTime: Date | null
  commitTimes: Date[]
}

/**
 * Streams the slot into the vault until aborted (or `stopAtLsn`). Exactly once: each batch of whole
 * source transactions and its checkpoint commit in one target transaction; the slot hears about an
 * LSN only after that commit; on start, transactions at or below the checkpoint are skipped.
 *
 * Batches are pipelined: while batch N's COMMIT runs, batch N+1 is decoded, hashed and sent on the
 * same connection. N+1 may only commit after N did (its checkpoint is queued behind N's COMMIT, and
 * the target queue sends nothing after a failure), and N is acknowledged only once its COMMIT
 * returned, so the slot never passes what the vault durably holds.
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
  let writer: VaultWriter | null = null
  let detachProbe: (() => void) | null = null
  let slotLagTimer: NodeJS.Timeout | null = null
  // The source session is shared by the heartbeat and the slot-lag poll: one query at a time.
  let sourceBusy: Promise<unknown> = Promise.resolve()
  const onSource = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = sourceBusy.then(fn, fn)
    sourceBusy = next.catch(() => undefined)
    return next
  }
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
    const { confirmedFlushLsn } = await checkSlotAgainstCheckpoint(source, opts.slot, cp.lsn)
    /** End LSN of the last transaction committed in the vault and acknowledged. */
    let durableLsn = cp.lsn
    /** End LSN of the last transaction handed to the writer (committed or not yet). */
    let appliedLsn = cp.lsn
    const relations = await readRelations(target, schema)
    const tracker = new RelationTracker({
      target,
      config,
      known: relations,
      quarantined: await readQuarantine(target, schema),
      log,
      onAlert: (kind, table) => {
        metrics?.alerts.inc({ ...labels, kind, table })
        metrics?.quarantinedTables.set(labels, tracker.quarantinedTables().length)
      },
    })
    const vw = new VaultWriter(target, config, hubTypesFrom(config, relations), {
      cacheLimit: opts.versionCacheLimit,
    })
    writer = vw

    const rs = await ReplicationStream.connect(clientConfig(opts.source))
    stream = rs
    // From what the slot confirmed, not from the checkpoint: after a commit whose acknowledgement was
    // lost the server re-sends that range, and the skip below (not the server) keeps it exactly once.
    await rs.start({
      slot: opts.slot,
      publication: opts.publication,
      startLsn: confirmedFlushLsn,
      acknowledgedLsn: durableLsn,
    })
    log({
      level: 'info',
      msg: 'streaming',
      slot: opts.slot,
      from: formatLsn(confirmedFlushLsn),
      checkpoint: formatLsn(durableLsn),
    })

    // Assigned in the closures below, so typed by assertion (TypeScript would narrow them to null).
    let batch = null as Batch | null
    /** Batches whose COMMIT is queued but has not returned yet, oldest first. */
    const committing: { batch: Batch; done: Promise<void> }[] = []
    /** Set once a committed batch could not be acknowledged: no later batch may be acknowledged. */
    let ackFailed = false
    let txn = null as { finalLsn: bigint; commitTime: Date; seq: number; skip: boolean } | null
    let lastActivity = Date.now()
    let lastHeartbeat = 0
    let total = 0
    let skipped = 0
    const rate = new RateWindow(opts.rateWindowMs ?? 10_000)

    if (metrics) {
      metrics.checkpointLsn.set(labels, Number(durableLsn))
      metrics.quarantinedTables.set(labels, tracker.quarantinedTables().length)
      detachProbe = metrics.attach(opts.slot, {
        applyLagSeconds: () => {
          const since =
            committing[0]?.batch.commitTimes[0] ??
            batch?.commitTimes[0] ??
            (txn && !txn.skip ? txn.commitTime : null) ??
            rs.oldestQueuedCommitTime()
          return since ? Math.max(0, (Date.now() - since.getTime()) / 1000) : 0
        },
        changesPerSecond: () => rate.rate(),
      })
      const pollSlotLag = () =>
        onSource(() =>
          source.query(
            `SELECT (pg_current_wal_lsn() - confirmed_flush_lsn)::float8 AS lag FROM pg_replication_slots WHERE slot_name = $1`,
            [opts.slot],
          ),
        ).then(
          (res) => metrics.slotLagBytes.set(labels, Number(res.rows[0]?.lag ?? 0)),
          () => undefined, // the source is down: the stream fails and the run restarts
        )
      void pollSlotLag()
      slotLagTimer = setInterval(pollSlotLag, opts.slotLagPollMs ?? 5000)
      slotLagTimer.unref()
    }

    const committed = async (b: Batch, committedAt: Date) => {
      const info: BatchInfo = {
        changes: b.changes,
        transactions: b.transactions,
        checkpointLsn: b.endLsn!,
        commitTimes: b.commitTimes,
        committedAt,
        durationMs: committedAt.getTime() - b.started,
      }
      if (ackFailed) throw new Error('an earlier batch was not acknowledged')
      try {
        await opts.onCommitted?.(info)
      } catch (err) {
        ackFailed = true
        throw err
      }
      if (b.endLsn! > durableLsn) durableLsn = b.endLsn!
      rs.acknowledge(durableLsn)
      total += b.changes
      rate.record(b.changes)
      if (metrics) {
        metrics.checkpointLsn.set(labels, Number(durableLsn))
        metrics.changesApplied.inc(labels, b.changes)
        metrics.batchDuration.observe(labels, info.durationMs / 1000)
      }
      opts.onBatch?.(info)
    }
    /** Waits until every batch in COMMIT is durable and acknowledged; rethrows a failure. */
    const settleCommits = async () => {
      while (committing.length > 0) await committing[0]!.done
    }
    const commitBatch = async () => {
      const b = batch!
      await vw.flush()
      // Memory and lag stay bounded: a few batches may wait for their COMMIT, not more.
      if (committing.length >= MAX_BATCHES_COMMITTING) await committing[0]!.done
      if (b.endLsn !== null)
        vw.enqueue(
          checkpointSql(schema),
          checkpointParams(opts.slot, b.endLsn, b.commitTime, b.changes, rate.rate()),
        )
      const done = vw.commit()
      batch = null
      if (b.endLsn === null) {
        await done
        return
      }
      const entry = {
        batch: b,
        done: done.then(async () => {
          await committed(b, new Date())
          committing.splice(committing.indexOf(entry), 1)
          // A loop waiting for messages re-checks stopAtLsn and the idle state now.
          rs.interrupt()
        }),
      }
      // Surfaced by the next settleCommits; until then it must not count as an unhandled rejection.
      entry.done.catch(() => undefined)
      committing.push(entry)
    }
    const ensure = async () => {
      if (batch !== null) return
      vw.begin()
      batch = {
        started: Date.now(),
        changes: 0,
        transactions: 0,
        endLsn: null,
        commitTime: null,
        commitTimes: [],
      }
    }
    const targetTxn = { ensure, flush: () => vw.drain() }
    const done = () => opts.stopAtLsn != null && durableLsn >= opts.stopAtLsn
    const heartbeat = async () => {
      lastHeartbeat = Date.now()
      await onSource(() =>
        source.query(`SELECT pg_logical_emit_message(true, 'vitrina.heartbeat', now()::text)`),
      )
    }

    let lastYield = performance.now()
    while (!opts.signal?.aborted && !done()) {
      const waiting = batch !== null && txn === null
      const timeout = waiting ? Math.max(1, batchMaxMs - (Date.now() - batch!.started)) : 250
      // Queued messages are taken without awaiting: give I/O callbacks a turn now and then.
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToEventLoop()
        lastYield = performance.now()
      }
      const msg = rs.take() ?? (await rs.next(timeout))
      if (msg === null) {
        if (batch !== null && txn === null && Date.now() - batch.started >= batchMaxMs) await commitBatch()
        else if (batch === null && txn === null) {
          await settleCommits()
          if (rs.drained && rs.serverWalEnd > durableLsn) {
            // Idle and everything the server sent is applied: the WAL up to its sent position holds
            // nothing more for us. Checkpoint it first, then acknowledge it, so the slot can release
            // that WAL and a shutting-down walsender sees its data confirmed.
            const lsn = rs.serverWalEnd
            vw.begin()
            vw.enqueue(checkpointSql(schema), checkpointParams(opts.slot, lsn, null, 0, rate.rate()))
            await vw.commit()
            durableLsn = lsn
            appliedLsn = lsn
            rs.acknowledge(lsn)
            metrics?.checkpointLsn.set(labels, Number(lsn))
          }
          // Not in an else: when the target shares the source's cluster, every idle checkpoint is new
          // WAL the server reports back, and a heartbeat that waited for a quiet moment never came.
          const idle = Date.now() - lastActivity
          const wantHeartbeat = idle >= heartbeatMs || (opts.stopAtLsn != null && idle >= 250)
          if (wantHeartbeat && Date.now() - lastHeartbeat >= Math.min(heartbeatMs, 1000)) await heartbeat()
        }
        continue
      }
      lastActivity = Date.now()
      switch (msg.tag) {
        case 'begin':
          // Commit records don't overlap, so final_lsn < checkpoint ⇔ end_lsn ≤ checkpoint: applied.
          txn = {
            finalLsn: msg.finalLsn,
            commitTime: msg.commitTime,
            seq: 0,
            skip: msg.finalLsn < appliedLsn,
          }
          if (txn.skip) skipped++
          else await ensure()
          break
        case 'commit':
          if (txn && !txn.skip && batch) {
            batch.transactions++
            batch.endLsn = msg.endLsn
            batch.commitTime = msg.commitTime
            batch.commitTimes.push(msg.commitTime)
            appliedLsn = msg.endLsn
          }
          txn = null
          if (batch && (batch.changes >= batchMaxChanges || Date.now() - batch.started >= batchMaxMs))
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
          const flushing = vw.add({
            relation,
            op: msg.tag,
            values: msg.tag === 'delete' ? null : msg.newTuple,
            old: msg.tag === 'insert' ? null : msg.oldTuple,
            lsn: txn.finalLsn,
            seq: txn.seq,
            commitTime: txn.commitTime,
          })
          if (flushing) await flushing
          batch!.changes++
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
    if (batch !== null && txn === null) await commitBatch()
    await settleCommits()
    return {
      checkpointLsn: durableLsn,
      changesApplied: total,
      transactionsSkipped: skipped,
      maxQueuedMessages: rs.maxQueued,
    }
  } finally {
    if (slotLagTimer) clearInterval(slotLagTimer)
    detachProbe?.()
    if (writer) {
      // Whatever is still queued runs (or is skipped after a failure) before the connection is
      // rolled back; an open or failed transaction never commits.
      await writer.settle()
      await target.query('ROLLBACK').catch(() => undefined)
    }
    await stream?.close()
    await sourceBusy
    await source.end().catch(() => undefined)
    await target.end().catch(() => undefined)
  }
}
