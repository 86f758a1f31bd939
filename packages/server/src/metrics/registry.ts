import { Counter, collectDefaultMetrics, Gauge, Histogram, type Metric, Registry } from 'prom-client'

/** Connections of one pool, read when Prometheus scrapes. */
export interface PoolStats {
  max: number
  total: number
  idle: number
  waiting: number
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

/**
 * Every metric the Vitrina server exports, defined here and nowhere else. Modules receive this
 * object from main.ts and record with prom-client's own calls, e.g.
 * `metrics.queryDuration.startTimer({ source })` … `end({ outcome: 'ok' })`.
 */
export function createVitrinaMetrics() {
  const registry = new Registry()
  const registers = [registry]
  const pools = new Map<string, () => PoolStats | null>()
  const poolStats = () =>
    [...pools].flatMap(([db, stats]) => {
      const s = stats()
      return s === null ? [] : [{ db, ...s }]
    })
  let countSessions: (() => Promise<number>) | null = null

  const metrics = {
    registry,
    httpDuration: new Histogram({
      name: 'vitrina_http_request_duration_seconds',
      help: 'HTTP request latency by route template, method and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    /** outcome: ok | error | timeout | cancelled. source: the data source's id or 'warehouse'. */
    queryDuration: new Histogram({
      name: 'vitrina_query_duration_seconds',
      help: 'Query execution time by data source and outcome (cache hits are not queries)',
      labelNames: ['source', 'outcome'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    /** source: the data source's id, as in queryDuration. */
    cacheHits: new Counter({
      name: 'vitrina_query_cache_hits_total',
      help: 'Query results answered from the cache, by data source',
      labelNames: ['source'] as const,
      registers,
    }),
    cacheMisses: new Counter({
      name: 'vitrina_query_cache_misses_total',
      help: 'Query results looked up in the cache and not found (or refreshed), by data source',
      labelNames: ['source'] as const,
      registers,
    }),
    /** status: loaded | rejected | failed. engine: duckdb | postgres. */
    uploads: new Counter({
      name: 'vitrina_uploads_total',
      help: 'File uploads by warehouse engine and outcome',
      labelNames: ['engine', 'status'] as const,
      registers,
    }),
    rowsIngested: new Counter({
      name: 'vitrina_ingested_rows_total',
      help: 'Rows loaded into the warehouse by uploads and syncs',
      labelNames: ['engine'] as const,
      registers,
    }),
    /** kind: the integration (google_sheets, yandex_direct, webhook, …); status: ok | failed. */
    syncJobs: new Counter({
      name: 'vitrina_sync_jobs_total',
      help: 'Finished sync jobs by kind and outcome',
      labelNames: ['kind', 'status'] as const,
      registers,
    }),
    syncDuration: new Histogram({
      name: 'vitrina_sync_job_duration_seconds',
      help: 'Sync job run time by kind',
      labelNames: ['kind'] as const,
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers,
    }),

    /** Reports a connection pool's usage under `db` (system, warehouse, …) on every scrape; null skips it. */
    observePool(db: string, stats: () => PoolStats | null): void {
      pools.set(db, stats)
    },
    /** The count behind vitrina_active_sessions, asked on every scrape. */
    observeActiveSessions(count: () => Promise<number>): void {
      countSessions = count
    },
  }

  new Gauge({
    name: 'vitrina_active_sessions',
    help: 'Signed-in browser sessions that have not expired',
    registers,
    async collect() {
      if (countSessions) this.set(await countSessions())
    },
  })
  new Gauge({
    name: 'vitrina_db_pool_connections',
    help: 'Database pool connections by database and state (in_use, idle)',
    labelNames: ['db', 'state'] as const,
    registers,
    collect() {
      for (const s of poolStats()) {
        this.set({ db: s.db, state: 'in_use' }, s.total - s.idle)
        this.set({ db: s.db, state: 'idle' }, s.idle)
      }
    },
  })
  new Gauge({
    name: 'vitrina_db_pool_max_connections',
    help: 'Largest number of connections the pool may open',
    labelNames: ['db'] as const,
    registers,
    collect() {
      for (const s of poolStats()) this.set({ db: s.db }, s.max)
    },
  })
  new Gauge({
    name: 'vitrina_db_pool_waiting_clients',
    help: 'Queries waiting for a free pool connection',
    labelNames: ['db'] as const,
    registers,
    collect() {
      for (const s of poolStats()) this.set({ db: s.db }, s.waiting)
    },
  })
  registerProcessMetrics(registry)
  return metrics
}

export type VitrinaMetrics = ReturnType<typeof createVitrinaMetrics>

let processMetrics: Metric[] | null = null

/**
 * prom-client's process and Node.js metrics (CPU, memory, GC, event-loop lag as
 * nodejs_eventloop_lag_*), except its `nodejs_active_*_total` gauges, which `promtool check metrics`
 * rejects (a `_total` suffix means a counter). Collected once per process and shared by every
 * registry: each collection starts its own event-loop monitor and GC observer, and the process is one.
 */
export function registerProcessMetrics(registry: Registry): void {
  if (processMetrics === null) {
    const scratch = new Registry()
    collectDefaultMetrics({ register: scratch })
    processMetrics = []
    for (const { name } of scratch.getMetricsAsArray()) {
      const metric = scratch.getSingleMetric(name)
      if (metric && !(metric instanceof Gauge && name.endsWith('_total'))) processMetrics.push(metric)
    }
  }
  for (const metric of processMetrics) registry.registerMetric(metric)
}
