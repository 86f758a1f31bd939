import { Counter, Gauge, Histogram, Registry } from 'prom-client'

/** What a running loader reports at scrape time, so figures move even while it is stuck. */
export interface LoaderProbe {
  /** Seconds since the source commit of the oldest received transaction not yet in the vault; 0 when caught up. */
  applyLagSeconds(): number
  /** Changes committed to the vault per second over the last few seconds (falls to 0 when idle). */
  changesPerSecond(): number
}

/** Prometheus figures of running loaders (label `slot`); the server mounts `registry` on /metrics. */
export interface PipelineMetrics {
  registry: Registry
  slotLagBytes: Gauge
  applyLagSeconds: Gauge
  changesPerSecond: Gauge
  checkpointLsn: Gauge
  quarantinedTables: Gauge
  batchDuration: Histogram
  changesApplied: Counter
  alerts: Counter
  /** Connects a running loader's probe to the lag and rate gauges; returns the function that detaches it. */
  attach(slot: string, probe: LoaderProbe): () => void
}

export function createPipelineMetrics(registry: Registry = new Registry()): PipelineMetrics {
  const labelNames = ['slot'] as const
  const probes = new Map<string, LoaderProbe>()
  const applyLagSeconds = new Gauge({
    name: 'vitrina_pipeline_apply_lag_seconds',
    help: 'Seconds since the source commit of the oldest received transaction not yet applied (0 when caught up)',
    labelNames,
    registers: [registry],
    collect() {
      for (const [slot, probe] of probes) this.set({ slot }, probe.applyLagSeconds())
    },
  })
  const changesPerSecond = new Gauge({
    name: 'vitrina_pipeline_changes_per_second',
    help: 'Source row changes applied per second over the last 10 seconds',
    labelNames,
    registers: [registry],
    collect() {
      for (const [slot, probe] of probes) this.set({ slot }, probe.changesPerSecond())
    },
  })
  return {
    registry,
    slotLagBytes: new Gauge({
      name: 'vitrina_pipeline_slot_lag_bytes',
      help: 'WAL bytes between the source head and the slot confirmed_flush_lsn (polled every few seconds)',
      labelNames,
      registers: [registry],
    }),
    applyLagSeconds,
    changesPerSecond,
    checkpointLsn: new Gauge({
      name: 'vitrina_pipeline_checkpoint_lsn',
      help: 'Commit end LSN of the last applied source transaction, as a number',
      labelNames,
      registers: [registry],
    }),
    quarantinedTables: new Gauge({
      name: 'vitrina_pipeline_quarantined_tables',
      help: 'Source tables quarantined (schema change or TRUNCATE) and no longer followed until resnapshot',
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
    alerts: new Counter({
      name: 'vitrina_pipeline_alerts_total',
      help: 'Alerts raised by the loader: kind is the quarantine reason (column_removed, type_changed, truncate)',
      labelNames: ['slot', 'kind', 'table'] as const,
      registers: [registry],
    }),
    attach(slot, probe) {
      probes.set(slot, probe)
      return () => {
        // The last reading stays exported once the loader has stopped.
        applyLagSeconds.set({ slot }, probe.applyLagSeconds())
        changesPerSecond.set({ slot }, probe.changesPerSecond())
        if (probes.get(slot) === probe) probes.delete(slot)
      }
    },
  }
}
