import { Counter, Gauge, Histogram, Registry } from 'prom-client'

/** Prometheus figures of one running loader; the server mounts `registry` on /metrics. */
export interface PipelineMetrics {
  registry: Registry
  slotLagBytes: Gauge
  applyLagSeconds: Gauge
  changesPerSecond: Gauge
  checkpointLsn: Gauge
  batchDuration: Histogram
  changesApplied: Counter
}

export function createPipelineMetrics(registry: Registry = new Registry()): PipelineMetrics {
  const labelNames = ['slot'] as const
  return {
    registry,
    slotLagBytes: new Gauge({
      name: 'vitrina_pipeline_slot_lag_bytes',
      help: 'WAL bytes between the source head and the slot confirmed_flush_lsn',
      labelNames,
      registers: [registry],
    }),
    applyLagSeconds: new Gauge({
      name: 'vitrina_pipeline_apply_lag_seconds',
      help: 'Seconds between the source commit and its target commit, for the last batch',
      labelNames,
      registers: [registry],
    }),
    changesPerSecond: new Gauge({
      name: 'vitrina_pipeline_changes_per_second',
      help: 'Source row changes applied per second (moving average)',
      labelNames,
      registers: [registry],
    }),
    checkpointLsn: new Gauge({
      name: 'vitrina_pipeline_checkpoint_lsn',
      help: 'Commit end LSN of the last applied source transaction, as a number',
      labelNames,
      registers: [registry],
    }),
    batchDuration: new Histogram({
      name: 'vitrina_pipeline_batch_duration_seconds',
      help: 'Time from the first change of a batch to its target commit',
      labelNames,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    changesApplied: new Counter({
      name: 'vitrina_pipeline_changes_applied_total',
      help: 'Source row changes applied to the vault',
      labelNames,
      registers: [registry],
    }),
  }
}
