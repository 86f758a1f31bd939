import {
  init,
  loadVaultConfig,
  type PipelineStatus,
  parseLsn,
  reconcile,
  resnapshot,
  runSupervised,
  status,
} from '@vitrina/pipeline'
import { type Command, InvalidArgumentError } from 'commander'
import { loadMetricsExposure, parseListen } from '../config/config'
import { servePipelineMetrics } from '../metrics/pipeline-metrics'

interface PipelineFlags {
  source?: string
  target?: string
  config: string
  slot: string
  publication: string
}

const positive = (value: string) => {
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number')
  return n
}

async function connectionOptions(flags: PipelineFlags) {
  const source = flags.source ?? process.env.PIPELINE_SOURCE_URL
  const target = flags.target ?? process.env.PIPELINE_TARGET_URL
  if (!source || !target) {
    throw new InvalidArgumentError(
      'give the source and target databases: --source/--target or PIPELINE_SOURCE_URL/PIPELINE_TARGET_URL',
    )
  }
  return {
    source,
    target,
    config: await loadVaultConfig(flags.config),
    slot: flags.slot,
    publication: flags.publication,
  }
}

const json = (value: unknown) =>
  `${JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`

const mb = (bytes: number | null) => (bytes === null ? '—' : `${(bytes / 1024 / 1024).toFixed(1)} MB`)

export function formatStatus(s: PipelineStatus): string {
  const lines = [
    `slot          ${s.slot.name} ${s.slot.exists ? (s.slot.active ? '(active)' : '(idle)') : '(missing)'}`,
    `slot lag      ${mb(s.slot.lagBytes)} of WAL held back${s.slot.walStatus ? `, wal_status ${s.slot.walStatus}` : ''}`,
    `safe WAL left ${s.slot.safeWalSizeBytes === null ? 'unlimited (max_slot_wal_keep_size = -1)' : mb(s.slot.safeWalSizeBytes)}`,
    `apply lag     ${s.applyLagSeconds === null ? 'caught up' : `${s.applyLagSeconds.toFixed(1)} s`}`,
    `rate          ${Math.round(s.changesPerSecond)} changes/s`,
    `checkpoint    ${s.checkpoint ? `${s.checkpoint.lsn} at ${s.checkpoint.updatedAt} (${s.checkpoint.changesTotal} changes in all)` : 'none: run `vitrina pipeline init`'}`,
  ]
  for (const q of s.quarantined) lines.push(`QUARANTINED   ${q.table}: ${q.reason}`)
  for (const a of s.advice) lines.push(`advice        ${a}`)
  return `${lines.join('\n')}\n`
}

/** `vitrina pipeline …`: the CDC loader from a bank PostgreSQL into the Data Vault (packages/pipeline). */
export function registerPipelineCommands(program: Command): Command {
  const pipeline = program
    .command('pipeline')
    .description('Stream a PostgreSQL source into a Data Vault target, exactly once (logical replication)')
  const withConnection = (cmd: Command) =>
    cmd
      .option('--source <url>', 'source PostgreSQL (wal_level=logical); default PIPELINE_SOURCE_URL')
      .option('--target <url>', 'Data Vault PostgreSQL; default PIPELINE_TARGET_URL')
      .option('--config <spec>', 'vault model: "bank" or a .json/.js file', 'bank')
      .option('--slot <name>', 'replication slot', 'vitrina')
      .option('--publication <name>', 'source publication', 'vitrina_bank')

  withConnection(pipeline.command('init'))
    .description('Create the slot and the vault, and load a snapshot consistent with the slot')
    .action(async (flags: PipelineFlags) => {
      process.stdout.write(json(await init(await connectionOptions(flags))))
    })

  withConnection(pipeline.command('resnapshot'))
    .description('Drop the slot and the vault, then init again from a fresh snapshot')
    .action(async (flags: PipelineFlags) => {
      process.stdout.write(json(await resnapshot(await connectionOptions(flags))))
    })

  withConnection(pipeline.command('status'))
    .description('Slot lag, apply lag, rate, last checkpoint, quarantined tables and WAL advice')
    .option('--json', 'print JSON instead of text')
    .action(async (flags: PipelineFlags & { json?: boolean }) => {
      const s = await status(await connectionOptions(flags))
      process.stdout.write(flags.json ? json(s) : formatStatus(s))
    })

  withConnection(pipeline.command('reconcile'))
    .description('Prove the vault equals the source: counts and hashdiffs per key')
    .action(async (flags: PipelineFlags) => {
      const result = await reconcile(await connectionOptions(flags))
      process.stdout.write(json(result))
      if (!result.ok) process.exitCode = 1
    })

  withConnection(pipeline.command('run'))
    .description(
      'Stream changes into the vault until stopped (Ctrl+C); restarts itself after source/target outages',
    )
    .option('--batch-max-changes <n>', 'commit a batch after this many changes', positive)
    .option('--batch-max-ms <n>', 'or once its first transaction is this old', positive)
    .option('--heartbeat-ms <n>', 'idle time before a heartbeat lets the slot advance', positive)
    .option('--stop-at-lsn <lsn>', 'return once the checkpoint reaches this LSN (X/Y)')
    .option('--metrics-listen <host:port>', 'serve GET /metrics there; default METRICS_LISTEN')
    .action(
      async (
        flags: PipelineFlags & {
          batchMaxChanges?: number
          batchMaxMs?: number
          heartbeatMs?: number
          stopAtLsn?: string
          metricsListen?: string
        },
      ) => {
        const ac = new AbortController()
        process.once('SIGINT', () => ac.abort())
        process.once('SIGTERM', () => ac.abort())
        const exposure = loadMetricsExposure()
        if (flags.metricsListen) exposure.listen = parseListen(flags.metricsListen)
        const { metrics, listener } = await servePipelineMetrics(exposure, (m) =>
          process.stderr.write(`${m}\n`),
        )
        if (listener) process.stderr.write(`metrics on ${listener.url}\n`)
        try {
          const result = await runSupervised({
            ...(await connectionOptions(flags)),
            signal: ac.signal,
            stopAtLsn: flags.stopAtLsn ? parseLsn(flags.stopAtLsn) : null,
            batchMaxChanges: flags.batchMaxChanges,
            batchMaxMs: flags.batchMaxMs,
            heartbeatMs: flags.heartbeatMs,
            metrics,
          })
          process.stdout.write(json(result))
        } finally {
          await listener?.close()
        }
      },
    )
  return pipeline
}
