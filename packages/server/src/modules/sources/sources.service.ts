import {
  type ApiSource,
  type CreateSourceBody,
  createSourceBodySchema,
  type SourceAccess,
  type SourceCacheStats,
  type SourceCatalog,
  type SourceCatalogTable,
  type SourceConnection,
  type SourceErrorCode,
  type SourcePermission,
  type SourceTestResult,
  type SqlDialect,
  type UpdateSourceBody,
} from '@vitrina/contracts'
import { canonicalJson } from '@vitrina/query'
import type { QueryCache } from '../../cache/query-cache'
import { AppError } from '../../http/errors'
import { type Actor, hasRole } from '../../http/principal'
import { newId } from '../../lib/tokens'
import type { VitrinaMetrics } from '../../metrics/registry'
import { createSourceDriver } from '../../sources/create-driver'
import type { SecretBox } from '../../sources/secret-box'
import type { SourceDriver } from '../../sources/source-driver'
import { connectionError, SourceError } from '../../sources/source-errors'
import type { SystemDbGuard } from '../../sources/system-db-guard'
import type { Warehouse } from '../../warehouse'
import type { AuditRepo } from '../audit/audit.repo'
import { createSourceDrivers } from './source-drivers'
import { catalogOf, dialectOf, presentSource, settingsOf } from './sources.presenter'
import type { SourcesRepo } from './sources.repo'
import { asSystemDb, type DbSource } from './sources.tables'
import { applyWarehouseKeys, type WarehouseKeys } from './warehouse-keys'

/** How long a process trusts its copy of a source row or a user's grants (other processes' edits). */
const MEMO_MS = 5_000
const TEST_TIMEOUT_MS = 15_000
const WAREHOUSE_CATALOG_MAX_AGE_MS = 10_000

export interface ResolvedSource {
  row: DbSource
  /** null: a Prometheus source, queried with PromQL. */
  dialect: SqlDialect | null
  access: SourceAccess
  driver(): Promise<SourceDriver>
}

export interface SourcesDeps {
  repo: SourcesRepo
  audit: AuditRepo
  secrets: SecretBox
  warehouse: Warehouse | null
  /** Refuses the system DB as a source (see sources/system-db-guard.ts). */
  guard: SystemDbGuard
  cache: QueryCache
  metrics: Pick<VitrinaMetrics, 'syncJobs' | 'syncDuration'>
  /** Dataset keys and declared references, merged into the built-in warehouse's catalog. */
  warehouseKeys?: () => Promise<WarehouseKeys>
  /** Changes with every dataset change; the warehouse catalog is re-read when it differs from the last sync's. */
  warehouseFingerprint?: () => Promise<string>
  now?: () => number
}

/**
 * Admin-managed sources. Access: admins have `sql` everywhere; on the built-in warehouse analysts have
 * `sql` and viewers `query` by default; on added sources only explicit grants (user or group) count.
 */
export function createSourcesService(deps: SourcesDeps) {
  const { repo } = deps
  const now = deps.now ?? Date.now
  const drivers = createSourceDrivers({ warehouse: deps.warehouse, secrets: deps.secrets, guard: deps.guard })
  const warehouseDialect: SqlDialect = deps.warehouse?.dialect ?? 'duckdb'
  const rows = new Map<string, { at: number; row: Promise<DbSource | null> }>()
  const grants = new Map<string, { at: number; access: Promise<Map<string, SourceAccess>> }>()
  /** The datasets' fingerprint when this process last synced the warehouse catalog. */
  let syncedFingerprint: string | null = null
  const forget = (id?: string) => {
    if (id) rows.delete(id)
    else rows.clear()
    grants.clear()
  }

  const findRow = (id: string): Promise<DbSource | null> => {
    const memo = rows.get(id)
    if (memo && now() - memo.at < MEMO_MS) return memo.row
    const row = repo.find(id)
    rows.set(id, { at: now(), row })
    row.catch(() => rows.delete(id))
    return row
  }
  const grantsOf = (userId: string) => {
    const memo = grants.get(userId)
    if (memo && now() - memo.at < MEMO_MS) return memo.access
    const access = repo.accessOf(userId)
    grants.set(userId, { at: now(), access })
    access.catch(() => grants.delete(userId))
    return access
  }

  async function accessTo(actor: Actor, row: DbSource): Promise<SourceAccess | null> {
    if (actor.role === 'admin') return 'sql'
    const granted = (await grantsOf(actor.id)).get(row.id) ?? null
    if (row.kind !== 'warehouse' || granted === 'sql') return granted
    return hasRole(actor.role, 'analyst') ? 'sql' : 'query'
  }

  async function mustFind(id: string): Promise<DbSource> {
    const row = await findRow(id)
    if (!row) throw new SourceError('SOURCE_NOT_FOUND', `Source "${id}" not found`)
    return row
  }

  /** Source the actor may use at `level`; a source they cannot see at all answers "not found". */
  async function resolve(actor: Actor, id: string, level: SourceAccess = 'query'): Promise<ResolvedSource> {
    const row = await findRow(id)
    const access = row ? await accessTo(actor, row) : null
    if (!row || !access) {
      if (row && actor.role !== 'viewer')
        throw new SourceError('SOURCE_ACCESS_DENIED', 'You have no permission to query this source')
      throw new SourceError('SOURCE_NOT_FOUND', `Source "${id}" not found`)
    }
    if (level === 'sql' && access !== 'sql')
      throw new SourceError('SOURCE_SQL_DENIED', 'You may build questions on this source but not write SQL')
    return {
      row,
      access,
      dialect: dialectOf(row.kind, warehouseDialect),
      driver: () => drivers.get(row),
    }
  }

  async function withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new SourceError('SOURCE_UNREACHABLE', `No answer within ${TEST_TIMEOUT_MS / 1000} s`)),
        TEST_TIMEOUT_MS,
      )
    })
    try {
      return await Promise.race([work, late])
    } finally {
      clearTimeout(timer)
    }
  }

  async function testWith(open: () => Promise<SourceDriver>, owned: boolean): Promise<SourceTestResult> {
    const started = performance.now()
    let driver: SourceDriver | null = null
    try {
      driver = await withTimeout(open())
      const { serverVersion } = await withTimeout(driver.test())
      return { ok: true, error: null, serverVersion, durationMs: performance.now() - started }
    } catch (err) {
      const e = connectionError(err)
      // Not a connection problem to report but a refusal, as for a DuckDB path in the data folder.
      if (e.code === 'SOURCE_IS_SYSTEM_DB') throw e
      return {
        ok: false,
        error: { code: e.code, message: e.message },
        serverVersion: null,
        durationMs: performance.now() - started,
      }
    } finally {
      if (owned) await driver?.close().catch(() => undefined)
    }
  }

  const testConnection = (connection: SourceConnection) => {
    deps.guard.assertConnection(connection)
    return testWith(() => createSourceDriver(connection, deps.guard), true)
  }

  async function assertUsable(connection: SourceConnection) {
    const result = await testConnection(connection)
    if (!result.ok && result.error)
      throw new SourceError(result.error.code as SourceErrorCode, result.error.message)
  }

  /**
   * Reads the catalog now. When a known table changed shape or went away (see `catalogChanged`), the
   * source's cached results are dropped: a query may mean something else now. Counted in
   * `vitrina_sync_jobs_total{kind="catalog"}` and timed in `vitrina_sync_job_duration_seconds`.
   */
  async function sync(id: string): Promise<SourceCatalog> {
    const row = await mustFind(id)
    const timer = deps.metrics.syncDuration.startTimer({ kind: 'catalog' })
    try {
      // Read before the catalog: a dataset created meanwhile makes the next read sync again.
      if (row.kind === 'warehouse' && deps.warehouseFingerprint)
        syncedFingerprint = await deps.warehouseFingerprint()
      let tables = await (await drivers.get(row)).catalog()
      if (row.kind === 'warehouse' && deps.warehouseKeys)
        tables = applyWarehouseKeys(tables, await deps.warehouseKeys())
      await repo.saveSync(id, { catalog: tables })
      const before = catalogOf(row)
      if (before !== null && catalogChanged(before, tables))
        await deps.cache.invalidateSource(id).catch(() => undefined)
      deps.metrics.syncJobs.inc({ kind: 'catalog', status: 'ok' })
    } catch (err) {
      deps.metrics.syncJobs.inc({ kind: 'catalog', status: 'failed' })
      const e = err instanceof AppError ? err : connectionError(err)
      await repo.saveSync(id, { error: { code: e.code, message: e.message } })
      throw e
    } finally {
      timer()
      forget(id)
    }
    return catalogResponse(await mustFind(id))
  }

  function catalogResponse(row: DbSource): SourceCatalog {
    return {
      sourceId: row.id,
      dialect: dialectOf(row.kind, warehouseDialect),
      syncedAt: row.last_sync_at?.toISOString() ?? null,
      tables: catalogOf(row) ?? [],
    }
  }

  const sealed = (id: string, connection: SourceConnection, keep: string | null) => {
    if (connection.kind === 'duckdb') return { stored: connection, secret: null }
    const { password, ...rest } = connection
    return {
      stored: rest,
      secret: password === undefined ? keep : password === '' ? null : deps.secrets.seal(password, id),
    }
  }

  return {
    resolve,
    /**
     * A source as a linked dataset reads it (modules/datasets/linked-datasets.ts): no user's grant is checked,
     * since the dataset's own permissions govern who reads it; its queries still run read-only with timeouts.
     */
    async forDataset(id: string): Promise<Omit<ResolvedSource, 'access'>> {
      const row = await mustFind(id)
      return { row, dialect: dialectOf(row.kind, warehouseDialect), driver: () => drivers.get(row) }
    },
    testConnection,
    sync,

    async list(actor: Actor): Promise<ApiSource[]> {
      const out: ApiSource[] = []
      for (const row of await repo.list()) {
        const access = await accessTo(actor, row)
        if (access) out.push(presentSource(row, access, warehouseDialect))
      }
      return out
    },

    async get(actor: Actor, id: string): Promise<ApiSource> {
      const { row, access } = await resolve(actor, id)
      return presentSource(row, access, warehouseDialect)
    },

    async create(actor: Actor, body: CreateSourceBody): Promise<ApiSource> {
      const input = createSourceBodySchema.parse(body)
      if (await repo.nameTaken(input.name, null))
        throw new SourceError('SOURCE_NAME_TAKEN', `A source named "${input.name}" already exists`)
      await assertUsable(input.connection)
      const id = newId()
      const { stored, secret } = sealed(id, input.connection, null)
      await repo.db.transaction().execute(async (trx) => {
        await repo.insert(
          id,
          {
            name: input.name,
            kind: input.connection.kind,
            connection: stored,
            secret,
            settings: input.settings,
          },
          actor.id,
          trx,
        )
        await deps.audit.record(
          {
            action: 'source.created',
            actor,
            target: { type: 'source', id },
            details: { name: input.name, kind: input.connection.kind },
          },
          asSystemDb(trx),
        )
      })
      await sync(id).catch(() => undefined)
      return presentSource(await mustFind(id), 'sql', warehouseDialect)
    },

    async update(actor: Actor, id: string, body: UpdateSourceBody): Promise<ApiSource> {
      const row = await mustFind(id)
      if (row.kind === 'warehouse' && (body.connection || body.name))
        throw new SourceError('SOURCE_BUILT_IN', 'Only the settings of the built-in warehouse can change')
      if (body.name && (await repo.nameTaken(body.name, id)))
        throw new SourceError('SOURCE_NAME_TAKEN', `A source named "${body.name}" already exists`)
      const parsed = createSourceBodySchema.partial().parse(body)
      let connectionChange = {}
      if (parsed.connection) {
        const keep = parsed.connection.kind === row.kind ? row.secret : null
        const { stored, secret } = sealed(id, parsed.connection, keep)
        const full =
          parsed.connection.kind === 'duckdb' || parsed.connection.password !== undefined
            ? parsed.connection
            : { ...parsed.connection, password: secret === null ? '' : deps.secrets.open(secret, id) }
        await assertUsable(full)
        connectionChange = { connection: stored, secret, kind: parsed.connection.kind }
      }
      await repo.db.transaction().execute(async (trx) => {
        await repo.update(
          id,
          {
            ...(parsed.name && { name: parsed.name }),
            ...(parsed.settings && { settings: parsed.settings }),
            ...connectionChange,
          },
          trx,
        )
        await deps.audit.record(
          {
            action: 'source.updated',
            actor,
            target: { type: 'source', id },
            details: {
              fields: Object.keys(body).filter((k) => body[k as keyof UpdateSourceBody] !== undefined),
            },
          },
          asSystemDb(trx),
        )
      })
      forget(id)
      if (parsed.connection) {
        drivers.drop(id)
        await deps.cache.invalidateSource(id).catch(() => undefined)
      }
      return presentSource(await mustFind(id), 'sql', warehouseDialect)
    },

    async remove(actor: Actor, id: string): Promise<void> {
      const row = await mustFind(id)
      if (row.kind === 'warehouse')
        throw new SourceError('SOURCE_BUILT_IN', 'The built-in warehouse cannot be removed')
      await repo.db.transaction().execute(async (trx) => {
        await repo.remove(id, trx)
        await deps.audit.record(
          { action: 'source.deleted', actor, target: { type: 'source', id }, details: { name: row.name } },
          asSystemDb(trx),
        )
      })
      forget(id)
      drivers.drop(id)
      await deps.cache.invalidateSource(id).catch(() => undefined)
    },

    async testSource(id: string): Promise<SourceTestResult> {
      const row = await mustFind(id)
      return testWith(() => drivers.get(row), false)
    },

    async catalog(actor: Actor, id: string): Promise<SourceCatalog> {
      const { row } = await resolve(actor, id)
      // The warehouse gains a table with every new dataset: its catalog is re-read when the datasets changed
      // (as far as this process can tell) or once it is a few seconds old (other processes' warehouse tables).
      const age = row.last_sync_at === null ? Number.POSITIVE_INFINITY : now() - row.last_sync_at.getTime()
      const stale =
        row.kind === 'warehouse' &&
        (age > WAREHOUSE_CATALOG_MAX_AGE_MS ||
          (deps.warehouseFingerprint !== undefined &&
            (await deps.warehouseFingerprint()) !== syncedFingerprint))
      if (age === Number.POSITIVE_INFINITY || stale) return sync(id)
      return catalogResponse(row)
    },

    /** Worker: syncs every source whose interval has passed; failures are recorded on the source. */
    async syncDue(): Promise<number> {
      let synced = 0
      for (const row of await repo.list()) {
        const minutes = settingsOf(row).syncIntervalMinutes
        if (minutes === null) continue
        if (row.last_sync_at && now() - row.last_sync_at.getTime() < minutes * 60_000) continue
        await sync(row.id).catch(() => undefined)
        synced++
      }
      return synced
    },

    async permissions(id: string): Promise<SourcePermission[]> {
      await mustFind(id)
      return repo.permissions(id)
    },

    async setPermissions(actor: Actor, id: string, entries: SourcePermission[]): Promise<SourcePermission[]> {
      await mustFind(id)
      const unique = new Map(entries.map((e) => [`${e.principalType}:${e.principalId}`, e]))
      const found = await repo.existingSubjects([...unique.values()])
      const missing = [...unique.keys()].filter((k) => !found.has(k))
      if (missing.length > 0)
        throw new AppError(400, 'VALIDATION_FAILED', `Unknown user or group: ${missing.join(', ')}`)
      await repo.db.transaction().execute(async (trx) => {
        const before = await repo.permissions(id, trx)
        await repo.replacePermissions(id, [...unique.values()], trx)
        await deps.audit.record(
          {
            action: 'source.permissions_changed',
            actor,
            target: { type: 'source', id },
            details: { before, after: [...unique.values()] },
          },
          asSystemDb(trx),
        )
      })
      forget()
      return repo.permissions(id)
    },

    async cacheStats(id: string): Promise<SourceCacheStats> {
      await mustFind(id)
      const { hits, misses } = deps.cache.stats(id)
      return {
        sourceId: id,
        hits,
        misses,
        hitRatio: hits + misses === 0 ? null : hits / (hits + misses),
        store: deps.cache.store.kind,
      }
    },

    async clearCache(actor: Actor, id: string): Promise<number> {
      await mustFind(id)
      const removed = await deps.cache.invalidateSource(id)
      await deps.audit.record({
        action: 'source.cache_cleared',
        actor,
        target: { type: 'source', id },
        details: { removed },
      })
      return removed
    },

    close: () => drivers.closeAll(),
  }
}

export type SourcesService = ReturnType<typeof createSourcesService>

/**
 * Whether a table a query could have read changed shape (columns, types, foreign keys) or went away. Row
 * estimates change with every load and do not count; nor do new tables, which no cached result read.
 */
export function catalogChanged(before: SourceCatalogTable[], after: SourceCatalogTable[]): boolean {
  // Canonical: the stored catalog comes back from jsonb with its keys in another order.
  const shape = ({ rowEstimate: _, ...rest }: SourceCatalogTable) => canonicalJson(rest)
  const now = new Map(after.map((t) => [JSON.stringify([t.schema, t.name]), shape(t)]))
  return before.some((t) => now.get(JSON.stringify([t.schema, t.name])) !== shape(t))
}
