import { createHash } from 'node:crypto'
import {
  type CachePolicy,
  type Catalog,
  type CompiledSql,
  EXPORT_ROW_CAP,
  type NativeVariable,
  type runQueryBodySchema,
  type SourceCatalogTable,
  type SqlDialect,
} from '@vitrina/contracts'
import {
  cacheKey,
  compile,
  type NativeSourceQuestion,
  QueryError,
  withoutTrailingSemicolon,
} from '@vitrina/query'
import { LRUCache } from 'lru-cache'
import type { z } from 'zod'
import type { CacheOutcome, QueryCache, ResultBody } from '../../cache/query-cache'
import type { Actor } from '../../http/principal'
import { newId } from '../../lib/tokens'
import type { VitrinaMetrics } from '../../metrics/registry'
import { promqlRangeQuery } from '../../sources/prometheus-driver'
import type { QueryResult, QueryStream } from '../../warehouse'
import { catalogOf, settingsOf } from '../sources/sources.presenter'
import type { ResolvedSource, SourcesService } from '../sources/sources.service'
import { type DatasetVersion, type DataVersions, datasetsOfSql, memoizeDataVersions } from './data-versions'
import { createNativePreparer } from './native-prepare'
import type { ExecutionAuditLog } from './query-run.audit'
import { runError, SourceError } from './run-errors'
import { compileLookup, datasetsOfBuilder, type SavedQuestionLookup, sourceChain } from './source-questions'

export type RunQueryInput = z.output<typeof runQueryBodySchema>

export interface RunOptions {
  /** A saved question's own cache policy (else the source's). */
  cachePolicy?: CachePolicy
  questionId?: string
  /** Saved questions a builder query may start from (`source: { kind: 'question' }`): builder or SQL. */
  resolveQuestion?: SavedQuestionLookup
  /** Row-level-security scope applied to the query; part of the cache key. */
  rlsScope?: unknown
}

export interface RunResult {
  runId: string
  compiled: CompiledSql
  outcome: CacheOutcome
}

interface Prepared {
  source: ResolvedSource
  compiled: CompiledSql
  datasets: DatasetVersion[]
}

const AUDIT_SQL_CHARS = 10_000
const DATASET_ACCESS_MEMO_MS = 5_000

/** Whether the caller may view a dataset (the datasets module's permission). */
export interface DatasetReadAccess {
  canView(actor: Actor, datasetId: string): Promise<boolean>
}
const RESYNC_ON = new Set(['QUERY_UNKNOWN_TABLE', 'QUERY_UNKNOWN_COLUMN'])
/** Result columns of a saved SQL question change only with its data (in the key) or the catalog (a sync drops them). */
const DESCRIBE_POLICY: CachePolicy = { kind: 'ttl', ttlSeconds: 3600 }

const toCatalog = (tables: SourceCatalogTable[]): Catalog => ({
  tables: tables
    .filter((t) => t.columns.length > 0)
    .map((t) => ({
      schema: t.schema,
      name: t.name,
      columns: t.columns.map((c) => ({ name: c.name, type: c.type })),
      foreignKeys: t.foreignKeys,
    })),
})

/**
 * permission → compile (builder) or bind variables + read-only guard (native) → cache key (source, SQL,
 * params, RLS scope, data versions of the datasets read) → cache / single-flight → read-only execution with
 * the source's timeout and row cap → audit row (batched).
 */
export function createQueryRunService(deps: {
  sources: SourcesService
  cache: QueryCache
  dataVersions: DataVersions
  audit: ExecutionAuditLog
  metrics: Pick<VitrinaMetrics, 'queryDuration' | 'cacheHits' | 'cacheMisses'>
  /** Dataset view permission; without it, warehouse queries check only the source permission. */
  datasetAccess?: DatasetReadAccess
}) {
  const versions = memoizeDataVersions(deps.dataVersions)
  const prepareNative = createNativePreparer()
  const running = new Map<string, { userId: string; controller: AbortController }>()

  const readable = new Map<string, { at: number; ok: Promise<boolean> }>()
  /** Non-admins read a dataset's table only with view access to the dataset (remembered 5 s per user). */
  async function assertDatasetsReadable(actor: Actor, datasets: DatasetVersion[]): Promise<void> {
    const access = deps.datasetAccess
    if (!access || actor.role === 'admin') return
    for (const d of datasets) {
      const key = `${actor.id}:${d.datasetId}`
      let memo = readable.get(key)
      if (!memo || Date.now() - memo.at > DATASET_ACCESS_MEMO_MS) {
        if (readable.size > 10_000) readable.clear()
        memo = { at: Date.now(), ok: access.canView(actor, d.datasetId) }
        readable.set(key, memo)
      }
      if (!(await memo.ok))
        throw new SourceError(
          'SOURCE_ACCESS_DENIED',
          `You have no access to the dataset in table "${d.table}"`,
          {
            datasetId: d.datasetId,
          },
        )
    }
  }

  async function prepare(actor: Actor, input: RunQueryInput, opts: RunOptions): Promise<Prepared> {
    const prepared = await prepareQuery(actor, input, opts)
    await assertDatasetsReadable(actor, prepared.datasets)
    return prepared
  }

  async function prepareQuery(actor: Actor, input: RunQueryInput, opts: RunOptions): Promise<Prepared> {
    const native = input.query.kind === 'native'
    const chain = input.query.kind === 'builder' ? sourceChain(input.query.query, opts.resolveQuestion) : []
    // A builder query over a saved SQL question runs that SQL: it needs the `sql` permission, as running it would.
    const readsSql = native || chain.some(([, q]) => q.kind === 'native')
    const source = await deps.sources.resolve(actor, input.sourceId, readsSql ? 'sql' : 'query')
    const builtIn = source.row.kind === 'warehouse'
    const datasets = builtIn ? await versions.list() : []
    const { dialect } = source
    try {
      if (dialect === null) {
        if (input.query.kind !== 'native')
          throw new SourceError('QUERY_FAILED', 'A Prometheus source answers PromQL: write the query as text')
        return { source, compiled: promqlRangeQuery(input.query.sql, input.parameters), datasets: [] }
      }
      if (input.query.kind === 'native') {
        const rendered = await renderNative(
          source,
          dialect,
          input.query.sql,
          input.query.variables,
          input.parameters,
        )
        return {
          source,
          compiled: rendered,
          datasets: builtIn ? datasetsOfSql(rendered.sql, dialect, datasets) : [],
        }
      }
      const query = input.query.query
      const described = await describeNative(source, dialect, chain, input.parameters, datasets, opts)
      const compiled = await withCatalog(source, (catalog) =>
        compile(query, { dialect, catalog, resolveQuestion: compileLookup(opts.resolveQuestion, described) }),
      )
      return {
        source,
        compiled: { sql: compiled.sql, params: compiled.params },
        datasets: builtIn ? datasetsOfBuilder(query, datasets, dialect, opts.resolveQuestion) : [],
      }
    } catch (err) {
      throw runError(err)
    }
  }

  /**
   * Runs `attempt` against the synced catalog; a table or column it does not know yet (a new dataset)
   * re-syncs once. `synced` (the sync time) tells memoised work that the catalog changed.
   */
  async function withCatalog<T>(
    source: ResolvedSource,
    attempt: (catalog: Catalog, synced: string) => T,
  ): Promise<T> {
    const known = catalogOf(source.row)
    if (known) {
      try {
        return attempt(toCatalog(known), String(source.row.last_sync_at?.getTime() ?? 0))
      } catch (err) {
        if (!(err instanceof QueryError && RESYNC_ON.has(err.code))) throw err
      }
    }
    const fresh = await deps.sources.sync(source.row.id)
    return attempt(toCatalog(fresh.tables), fresh.syncedAt ?? '')
  }

  /** Native SQL with its variables bound, the field filters expanded against the catalog. */
  function renderNative(
    source: ResolvedSource,
    dialect: SqlDialect,
    sql: string,
    variables: NativeVariable[],
    values: RunQueryInput['parameters'],
  ) {
    return variables.some((v) => v.type === 'field-filter')
      ? withCatalog(source, (catalog, synced) =>
          prepareNative(sql, { dialect, variables, values, catalog }, synced),
        )
      : prepareNative(sql, { dialect, variables, values })
  }

  /**
   * The result columns of each saved SQL question under a builder query, from a run of it with the run's
   * values and `LIMIT 0` (cached like any result, so a repeated question costs nothing).
   */
  async function describeNative(
    source: ResolvedSource,
    dialect: SqlDialect,
    chain: ReturnType<typeof sourceChain>,
    values: RunQueryInput['parameters'],
    datasets: DatasetVersion[],
    opts: RunOptions,
  ): Promise<Map<string, NativeSourceQuestion>> {
    const described = new Map<string, NativeSourceQuestion>()
    for (const [id, q] of chain) {
      if (q.kind !== 'native') continue
      const rendered = await renderNative(source, dialect, q.sql, q.variables, values)
      const probe = {
        sql: `SELECT * FROM (\n${withoutTrailingSemicolon(rendered.sql, dialect)}\n) AS described LIMIT 0`,
        params: rendered.params,
      }
      const reads = source.row.kind === 'warehouse' ? datasetsOfSql(rendered.sql, dialect, datasets) : []
      const settings = settingsOf(source.row)
      const outcome = await deps.cache.run(
        {
          key: cacheKey({
            sourceId: source.row.id,
            sql: probe.sql,
            params: probe.params,
            rlsScope: opts.rlsScope ?? null,
            dataVersions: Object.fromEntries(reads.map((d) => [d.datasetId, d.version])),
          }),
          sourceId: source.row.id,
          datasetIds: reads.map((d) => d.datasetId),
          policy: DESCRIBE_POLICY,
          refresh: false,
        },
        async () => {
          const result = await (await source.driver()).runQuery(probe, {
            readOnly: true,
            timeoutMs: settings.statementTimeoutMs,
            rowCap: 1,
          })
          return { columns: result.columns, rows: [], rowCount: 0, truncated: false, durationMs: 0 }
        },
      )
      described.set(id, {
        kind: 'native',
        sql: q.sql,
        variables: q.variables,
        values,
        columns: outcome.body().columns,
      })
    }
    return described
  }

  function track(actor: Actor, runId: string) {
    const controller = new AbortController()
    running.set(runId, { userId: actor.id, controller })
    return { signal: controller.signal, done: () => running.delete(runId) }
  }

  const keys = new LRUCache<string, string>({ max: 1000 })
  const primitive = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v)
  /**
   * The cache key, remembered by a plain text of its inputs when that text is unambiguous (primitive
   * parameters; anything else is keyed directly): a repeated question skips the canonical JSON and SHA-256.
   */
  function resultKey(p: Prepared, rlsScope: unknown): string {
    const input = {
      sourceId: p.source.row.id,
      sql: p.compiled.sql,
      params: p.compiled.params,
      rlsScope,
      dataVersions: Object.fromEntries(p.datasets.map((d) => [d.datasetId, d.version])),
    }
    if (rlsScope !== null || !p.compiled.params.every(primitive)) return cacheKey(input)
    const text = JSON.stringify([
      input.sourceId,
      input.sql,
      input.params,
      p.datasets.map((d) => [d.datasetId, d.version]),
    ])
    let key = keys.get(text)
    if (key === undefined) {
      key = cacheKey(input)
      keys.set(text, key)
    }
    return key
  }

  const hashes = new LRUCache<string, string>({ max: 1000 })
  /** SHA-256 of the SQL, remembered: a cache hit repeats the same statement. */
  const sqlHash = (sql: string) => {
    let hash = hashes.get(sql)
    if (hash === undefined) {
      hash = createHash('sha256').update(sql).digest('hex')
      hashes.set(sql, hash)
    }
    return hash
  }

  function auditRow(
    actor: Actor,
    action: 'query.run' | 'query.export',
    p: Prepared,
    details: Record<string, unknown>,
    hit?: { runId: string; durationMs: number },
  ) {
    const hash = sqlHash(p.compiled.sql)
    deps.audit.record({
      action,
      actor: { id: actor.id, email: actor.email, ip: actor.ip },
      sourceId: p.source.row.id,
      details: { sqlHash: hash, sql: p.compiled.sql.slice(0, AUDIT_SQL_CHARS), ...details },
      ...(hit && { hit: { ...hit, fold: `${hash}\u0000${details.kind}\u0000${details.questionId}` } }),
    })
  }

  /** A result served from the cache: one audit row, folded with the same question's other hits. */
  function auditHit(
    actor: Actor,
    p: Prepared,
    run: { kind: string; questionId: string | null; runId: string },
    durationMs: number,
  ) {
    auditRow(
      actor,
      'query.run',
      p,
      { kind: run.kind, questionId: run.questionId, cached: true },
      { runId: run.runId, durationMs },
    )
  }

  return {
    /** "View SQL": what would run, without running it. */
    async compile(actor: Actor, input: RunQueryInput, opts: RunOptions = {}): Promise<CompiledSql> {
      return (await prepare(actor, input, opts)).compiled
    },

    async run(actor: Actor, input: RunQueryInput, opts: RunOptions = {}): Promise<RunResult> {
      const runId = input.runId ?? newId()
      const started = performance.now()
      const p = await prepare(actor, input, opts)
      const settings = settingsOf(p.source.row)
      const key = resultKey(p, opts.rlsScope ?? null)
      const common = { kind: input.query.kind, questionId: opts.questionId ?? null, runId }
      try {
        const outcome = await deps.cache.run(
          {
            key,
            sourceId: p.source.row.id,
            datasetIds: p.datasets.map((d) => d.datasetId),
            policy: opts.cachePolicy ?? settings.cachePolicy,
            refresh: input.refresh,
          },
          async (): Promise<ResultBody> => {
            // Cancellable only while it runs: a hit has nothing to stop and skips the AbortController.
            const run = track(actor, runId)
            const t0 = performance.now()
            const timer = deps.metrics.queryDuration.startTimer({ source: p.source.row.id })
            let result: QueryResult
            try {
              const driver = await p.source.driver()
              result = await driver.runQuery(p.compiled, {
                readOnly: true,
                timeoutMs: settings.statementTimeoutMs,
                rowCap: settings.rowCap,
                signal: run.signal,
              })
            } catch (err) {
              timer({ outcome: queryOutcome(err) })
              throw err
            } finally {
              run.done()
            }
            timer({ outcome: 'ok' })
            return {
              columns: result.columns,
              rows: result.rows,
              rowCount: result.rows.length,
              truncated: result.truncated,
              durationMs: Math.round((performance.now() - t0) * 100) / 100,
            }
          },
        )
        const body = outcome.cached ? null : outcome.body()
        const cacheCounter = outcome.cached ? deps.metrics.cacheHits : deps.metrics.cacheMisses
        cacheCounter.inc({ source: p.source.row.id })
        const durationMs = Math.round((performance.now() - started) * 100) / 100
        if (outcome.cached) auditHit(actor, p, common, durationMs)
        else
          auditRow(actor, 'query.run', p, {
            ...common,
            cached: false,
            durationMs,
            ...(body && { rows: body.rowCount, truncated: body.truncated }),
          })
        return { runId, compiled: p.compiled, outcome }
      } catch (err) {
        const e = runError(err)
        auditRow(actor, 'query.run', p, {
          ...common,
          cached: false,
          durationMs: Math.round(performance.now() - started),
          error: e.code,
        })
        throw e
      }
    },

    /**
     * The result of `run` when the cache already holds it, else null and nothing runs: the same preparation
     * (source permission, compilation, data versions), key, hit counter and audit row as a cached run.
     */
    async peek(actor: Actor, input: RunQueryInput, opts: RunOptions = {}): Promise<RunResult | null> {
      const runId = newId()
      const started = performance.now()
      const p = await prepare(actor, input, opts)
      const outcome = await deps.cache.peek({
        key: resultKey(p, opts.rlsScope ?? null),
        sourceId: p.source.row.id,
        datasetIds: p.datasets.map((d) => d.datasetId),
        policy: opts.cachePolicy ?? settingsOf(p.source.row).cachePolicy,
      })
      if (!outcome) return null
      deps.metrics.cacheHits.inc({ source: p.source.row.id })
      const durationMs = Math.round((performance.now() - started) * 100) / 100
      auditHit(actor, p, { kind: input.query.kind, questionId: opts.questionId ?? null, runId }, durationMs)
      return { runId, compiled: p.compiled, outcome }
    },

    /** Stops a running query on the server. Only its owner or an admin may; unknown or finished → false. */
    cancel(actor: Actor, runId: string): boolean {
      const run = running.get(runId)
      if (!run || (run.userId !== actor.id && actor.role !== 'admin')) return false
      run.controller.abort()
      return true
    },

    /** Streams the full result (up to EXPORT_ROW_CAP rows), never from or into the cache. */
    async exportStream(
      actor: Actor,
      input: RunQueryInput,
      opts: RunOptions = {},
    ): Promise<{ stream: QueryStream; finished(rows: number, error: unknown): void }> {
      const p = await prepare(actor, input, opts)
      const settings = settingsOf(p.source.row)
      const runId = input.runId ?? newId()
      const run = track(actor, runId)
      const driver = await p.source.driver()
      const stream = driver.streamQuery(p.compiled, {
        readOnly: true,
        timeoutMs: settings.statementTimeoutMs,
        rowCap: EXPORT_ROW_CAP,
        signal: run.signal,
      })
      const started = performance.now()
      return {
        stream,
        finished(rows, error) {
          run.done()
          auditRow(actor, 'query.export', p, {
            kind: input.query.kind,
            runId,
            rows,
            durationMs: Math.round(performance.now() - started),
            ...(error !== null && { error: runError(error).code }),
          })
        },
      }
    },

    /** Uploads and syncs call this: entries reading the dataset are dropped, and the next key differs. */
    async invalidateDataset(datasetId: string): Promise<void> {
      versions.forget()
      await deps.cache.invalidateDataset(datasetId).catch(() => undefined)
    },

    /** Aborts running queries (shutdown). */
    abortAll() {
      for (const r of running.values()) r.controller.abort()
    },
  }
}

export type QueryRunService = ReturnType<typeof createQueryRunService>

/** The `outcome` label of vitrina_query_duration_seconds. */
function queryOutcome(err: unknown): 'timeout' | 'cancelled' | 'error' {
  const { code } = runError(err)
  return code === 'QUERY_TIMEOUT' ? 'timeout' : code === 'QUERY_CANCELLED' ? 'cancelled' : 'error'
}
