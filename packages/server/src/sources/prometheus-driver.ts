import type { CompiledSql, ResultColumn, RunParameterValue, SourceCatalogTable } from '@vitrina/contracts'
import type { CompiledQuery, QueryOptions, QueryResult, QueryStream, Row } from '../warehouse'
import type { SourceDriver } from './source-driver'
import { SourceError } from './source-errors'

export interface PrometheusDriverConfig {
  /** Base URL of the Prometheus server, e.g. http://127.0.0.1:9090 */
  url: string
  /** Sent as `Authorization: Bearer …` when the server sits behind an authenticating proxy. */
  bearerToken: string | null
}

/** A PromQL range query: evaluated at every `stepSeconds` from `start` to `end`. */
export interface PromqlRange {
  promql: string
  start: Date
  end: Date
  stepSeconds: number
}

export interface PrometheusDriver {
  /**
   * One row per sample, long format: `time`, `series` (the label set as text, the legend of a chart),
   * one text column per label, `value`. NaN and ±Inf become null.
   */
  queryRange(range: PromqlRange, opts?: QueryOptions): Promise<QueryResult>
  /** Metric names, for autocomplete. */
  metricNames(opts?: QueryOptions): Promise<string[]>
  test(): Promise<{ serverVersion: string }>
}

type ApiAnswer<T> = { status: 'success'; data: T } | { status: 'error'; errorType: string; error: string }
type Matrix = {
  resultType: 'matrix'
  result: { metric: Record<string, string>; values: [number, string][] }[]
}

const DEFAULT_TIMEOUT_MS = 30_000

/** Prometheus as a data source over its HTTP API (read-only by nature). */
export function createPrometheusDriver(config: PrometheusDriverConfig): PrometheusDriver {
  const base = config.url.replace(/\/+$/, '')
  const headers: Record<string, string> = config.bearerToken
    ? { authorization: `Bearer ${config.bearerToken}` }
    : {}

  async function call<T>(path: string, params: Record<string, string>, opts: QueryOptions): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
    const timeout = AbortSignal.timeout(timeoutMs)
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout
    let res: Response
    try {
      res = await fetch(`${base}${path}?${new URLSearchParams(params)}`, { headers, signal })
    } catch (err) {
      if (opts.signal?.aborted) throw new SourceError('QUERY_CANCELLED', 'The query was cancelled')
      if (timeout.aborted)
        throw new SourceError('QUERY_TIMEOUT', `Prometheus did not answer in ${timeoutMs} ms`)
      throw new SourceError(
        'SOURCE_UNREACHABLE',
        `Cannot reach Prometheus at ${base}: ${(err as Error).message}`,
      )
    }
    if (res.status === 401 || res.status === 403) {
      throw new SourceError('SOURCE_AUTH_FAILED', `Prometheus refused the credentials (HTTP ${res.status})`)
    }
    const body = (await res.json().catch(() => null)) as ApiAnswer<T> | null
    if (body === null)
      throw new SourceError('SOURCE_CONNECTION_FAILED', `Not a Prometheus API answer (HTTP ${res.status})`)
    if (body.status === 'error') {
      if (body.errorType === 'timeout') throw new SourceError('QUERY_TIMEOUT', body.error)
      throw new SourceError('QUERY_FAILED', body.error, { errorType: body.errorType })
    }
    return body.data
  }

  return {
    async queryRange(range, opts = {}) {
      if (!(range.stepSeconds > 0) || range.end < range.start) {
        throw new SourceError('QUERY_FAILED', 'A range query needs start ≤ end and a positive step')
      }
      const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
      const data = await call<Matrix>(
        '/api/v1/query_range',
        {
          query: range.promql,
          start: String(range.start.getTime() / 1000),
          end: String(range.end.getTime() / 1000),
          step: String(range.stepSeconds),
          timeout: `${Math.max(1, Math.floor(timeoutMs / 1000))}s`,
        },
        opts,
      )
      return matrixToResult(data, opts.rowCap ?? null)
    },

    async metricNames(opts = {}) {
      return call<string[]>('/api/v1/label/__name__/values', {}, opts)
    },

    async test() {
      const info = await call<{ version: string }>('/api/v1/status/buildinfo', {}, {})
      return { serverVersion: `Prometheus ${info.version}` }
    },
  }
}

/** Long format: the shape charts pivot by `series`, and tables show as they are. */
export function matrixToResult(data: Matrix, rowCap: number | null): QueryResult {
  const labels = [...new Set(data.result.flatMap((s) => Object.keys(s.metric)))]
    .filter((l) => l !== '__name__')
    .sort()
  const columns: ResultColumn[] = [
    { name: 'time', type: 'timestamp' },
    { name: 'series', type: 'text' },
    ...labels.map((name): ResultColumn => ({ name, type: 'text' })),
    { name: 'value', type: 'float' },
  ]
  const rows: Row[] = []
  let truncated = false
  for (const series of data.result) {
    const name = seriesName(series.metric)
    const labelValues = labels.map((l) => series.metric[l] ?? null)
    for (const [at, raw] of series.values) {
      if (rowCap !== null && rows.length >= rowCap) {
        truncated = true
        break
      }
      const value = Number(raw)
      rows.push([timestamp(at), name, ...labelValues, Number.isFinite(value) ? value : null])
    }
  }
  return { columns, rows, truncated }
}

/** `up{instance="a:1",job="x"}`, as Prometheus prints a series. */
function seriesName(metric: Record<string, string>): string {
  const { __name__: name = '', ...rest } = metric
  const labels = Object.keys(rest)
    .sort()
    .map((k) => `${k}=${JSON.stringify(rest[k])}`)
  return labels.length > 0 ? `${name}{${labels.join(',')}}` : name || '{}'
}

/** Seconds since the epoch → "YYYY-MM-DD HH:MM:SS[.fff]" in UTC, the warehouse's timestamp text. */
function timestamp(seconds: number): string {
  const iso = new Date(seconds * 1000).toISOString()
  return iso.replace('T', ' ').replace(/\.000Z$|Z$/, '')
}

const DURATION = /^(\d+)(s|m|h|d|w)$/
const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }
/** Prometheus refuses more than 11,000 points per series. */
const MAX_POINTS = 11_000
const DEFAULT_POINTS = 240

/**
 * A native query on a Prometheus source: the PromQL text plus its range from the run's parameters —
 * `start`/`end` (ISO 8601) or `range` (`15m`, `1h`, `7d`; default `1h`) ending now, and `step` in
 * seconds (default: the range in ~240 points). `end` is rounded up to the step: runs within one step
 * share a cache entry, and the newest samples are still inside the range.
 */
export function promqlRangeQuery(
  promql: string,
  parameters: Record<string, RunParameterValue>,
  now: Date = new Date(),
): CompiledSql {
  const scalar = (name: string) => {
    const value = parameters[name]
    if (typeof value === 'object' && value !== null) throw badRange(`${name} must be a single value`)
    return value
  }
  const time = (name: string) => {
    const value = scalar(name)
    if (value === undefined || value === null || value === '') return null
    const at = new Date(String(value))
    if (Number.isNaN(at.getTime())) throw badRange(`${name} must be an ISO 8601 time, got "${value}"`)
    return at
  }
  const rangeText = String(scalar('range') ?? '1h')
  const match = DURATION.exec(rangeText)
  if (!match) throw badRange(`range must look like 15m, 1h or 7d, got "${rangeText}"`)
  const rangeSeconds = Number(match[1]) * (SECONDS[match[2] ?? 's'] ?? 1)
  const explicitEnd = time('end')
  const explicitStart = time('start')
  const span = explicitStart
    ? ((explicitEnd ?? now).getTime() - explicitStart.getTime()) / 1000
    : rangeSeconds
  const stepParam = scalar('step')
  const step =
    stepParam === undefined || stepParam === null || stepParam === ''
      ? Math.max(1, Math.ceil(span / DEFAULT_POINTS))
      : Number(stepParam)
  if (!Number.isFinite(step) || step <= 0) throw badRange(`step must be a positive number of seconds`)
  if (span / step > MAX_POINTS)
    throw badRange(`${Math.ceil(span / step)} points per series; Prometheus allows ${MAX_POINTS}`)
  const end = explicitEnd ?? new Date(Math.ceil(now.getTime() / 1000 / step) * step * 1000)
  const start = explicitStart ?? new Date(end.getTime() - rangeSeconds * 1000)
  if (start > end) throw badRange('start must not be after end')
  return { sql: promql, params: [start.toISOString(), end.toISOString(), step] }
}

const badRange = (message: string) => new SourceError('QUERY_FAILED', `PromQL range: ${message}`)

/** Prometheus behind the query layer's driver interface: `sql` is PromQL, `params` its range. */
export function prometheusSourceDriver(config: PrometheusDriverConfig): SourceDriver {
  const prometheus = createPrometheusDriver(config)
  const run = (query: CompiledQuery, opts: QueryOptions = {}) => {
    const [start, end, step] = query.params
    return prometheus.queryRange(
      {
        promql: query.sql,
        start: new Date(String(start)),
        end: new Date(String(end)),
        stepSeconds: Number(step),
      },
      opts,
    )
  }
  return {
    dialect: null,
    runQuery: run,
    streamQuery(query, opts): QueryStream {
      let columns: ResultColumn[] | null = null
      return {
        get columns() {
          return columns
        },
        async *[Symbol.asyncIterator]() {
          const result = await run(query, opts)
          columns = result.columns
          yield result.rows
        },
      }
    },
    async catalog(): Promise<SourceCatalogTable[]> {
      const names = await prometheus.metricNames()
      return names.map((name) => ({
        schema: 'prometheus',
        name,
        columns: [
          { name: 'time', type: 'timestamp', nativeType: 'timestamp' },
          { name: 'value', type: 'float', nativeType: 'float64' },
        ],
        foreignKeys: [],
        rowEstimate: null,
      }))
    },
    test: () => prometheus.test(),
    close: async () => undefined,
  }
}
