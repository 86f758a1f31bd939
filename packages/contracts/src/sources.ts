import { z } from 'zod'
import { catalogColumnTypeSchema, catalogForeignKeySchema, sqlDialectSchema } from './query'

/**
 * Data sources: the built-in warehouse (id `warehouse`, always present) and admin-added PostgreSQL,
 * MySQL/MariaDB, DuckDB-file and Prometheus sources (PromQL, no SQL dialect). API:
 *
 * | method | path | access | body → answer |
 * |---|---|---|---|
 * | GET | /api/sources | viewer | → `SourceList` (only the sources the user may query, with `access`) |
 * | GET | /api/sources/:id | viewer (query access) | → `ApiSource` |
 * | POST | /api/sources | admin | `CreateSourceBody` → `ApiSource` (connection tested first) |
 * | PATCH | /api/sources/:id | admin | `UpdateSourceBody` → `ApiSource` |
 * | DELETE | /api/sources/:id | admin | → 204 |
 * | POST | /api/sources/test | admin | `SourceConnection` → `SourceTestResult` (nothing saved) |
 * | POST | /api/sources/:id/test | admin | → `SourceTestResult` |
 * | GET | /api/sources/:id/catalog | viewer (query access) | → `SourceCatalog` (autocomplete, builder) |
 * | POST | /api/sources/:id/sync | admin | → `SourceCatalog` (catalog sync now) |
 * | GET | /api/sources/:id/permissions | admin | → `SourcePermissions` |
 * | PUT | /api/sources/:id/permissions | admin | `SourcePermissions` → `SourcePermissions` |
 * | GET | /api/sources/:id/cache | admin | → `SourceCacheStats` |
 * | DELETE | /api/sources/:id/cache | admin | → `SourceCacheStats` (after clearing) |
 */

export const WAREHOUSE_SOURCE_ID = 'warehouse'

export const SOURCE_KINDS = ['warehouse', 'postgres', 'mysql', 'duckdb', 'prometheus'] as const
export const sourceKindSchema = z.enum(SOURCE_KINDS)
export type SourceKind = z.infer<typeof sourceKindSchema>

/** Stable error codes of sources and query execution. */
export const SOURCE_ERROR_CODES = [
  'SOURCE_NOT_FOUND',
  'SOURCE_BUILT_IN',
  'SOURCE_IS_SYSTEM_DB',
  'SOURCE_NAME_TAKEN',
  /** Host unknown, connection refused or no answer. */
  'SOURCE_UNREACHABLE',
  'SOURCE_AUTH_FAILED',
  'SOURCE_DATABASE_NOT_FOUND',
  'SOURCE_FILE_NOT_FOUND',
  'SOURCE_TLS_FAILED',
  'SOURCE_CONNECTION_FAILED',
  'SOURCE_SECRET_KEY_MISMATCH',
  /** The user lacks the `query` permission on the source. */
  'SOURCE_ACCESS_DENIED',
  /** The user may use the builder on the source but not native SQL. */
  'SOURCE_SQL_DENIED',
  'QUERY_TIMEOUT',
  'QUERY_CANCELLED',
  'QUERY_FAILED',
  'QUERY_RUN_NOT_FOUND',
] as const
export type SourceErrorCode = (typeof SOURCE_ERROR_CODES)[number]

// ---------- settings ----------

/**
 * `ttl`: keep every result `ttlSeconds`. `adaptive`: cache only results that took at least
 * `minDurationMs`, kept `multiplier` × their duration. `none`: never cache. Data changes (uploads,
 * syncs) invalidate entries whatever the policy.
 */
export const cachePolicySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('ttl'),
    ttlSeconds: z
      .number()
      .int()
      .min(1)
      .max(30 * 86_400),
  }),
  z.object({
    kind: z.literal('adaptive'),
    minDurationMs: z.number().int().min(0).max(3_600_000),
    multiplier: z.number().min(1).max(100_000),
  }),
])
export type CachePolicy = z.infer<typeof cachePolicySchema>

export const DEFAULT_CACHE_POLICY: CachePolicy = { kind: 'ttl', ttlSeconds: 3600 }

export const sourceSettingsSchema = z.object({
  statementTimeoutMs: z.number().int().min(100).max(3_600_000).default(30_000),
  rowCap: z.number().int().min(1).max(1_000_000).default(10_000),
  cachePolicy: cachePolicySchema.default(DEFAULT_CACHE_POLICY),
  /** Catalog sync period; null = on demand only. */
  syncIntervalMinutes: z.number().int().min(5).max(10_080).nullable().default(1440),
})
export type SourceSettings = z.infer<typeof sourceSettingsSchema>
export type SourceSettingsInput = z.input<typeof sourceSettingsSchema>

// ---------- connections ----------

const hostSchema = z.string().trim().min(1).max(255)
const portSchema = z.number().int().min(1).max(65_535)

export const postgresReplicaSchema = z.object({ host: hostSchema, port: portSchema.default(5432) })

/** `password` is write-only: answers carry `hasPassword` instead; omit it on update to keep the stored one. */
export const postgresConnectionSchema = z.object({
  kind: z.literal('postgres'),
  host: hostSchema,
  port: portSchema.default(5432),
  database: z.string().trim().min(1).max(255),
  user: z.string().trim().min(1).max(255),
  password: z.string().max(1000).optional(),
  ssl: z.boolean().default(false),
  /** Read replicas (same database, user and password): reads go round-robin, primary on failure. */
  replicas: z.array(postgresReplicaSchema).max(16).default([]),
})

export const mysqlConnectionSchema = z.object({
  kind: z.literal('mysql'),
  host: hostSchema,
  port: portSchema.default(3306),
  database: z.string().trim().min(1).max(255),
  user: z.string().trim().min(1).max(255),
  password: z.string().max(1000).optional(),
  ssl: z.boolean().default(false),
})

/** A DuckDB database file on the server, opened read-only. */
export const duckdbConnectionSchema = z.object({
  kind: z.literal('duckdb'),
  path: z.string().trim().min(1).max(4096),
})

/**
 * A Prometheus server, queried with PromQL range queries (native queries only; no builder). `password`
 * is an optional bearer token for a server behind an authenticating proxy, sealed like a password.
 */
export const prometheusConnectionSchema = z.object({
  kind: z.literal('prometheus'),
  url: z.url({ protocol: /^https?$/ }).max(2000),
  password: z.string().max(4096).optional(),
})

export const sourceConnectionSchema = z.discriminatedUnion('kind', [
  postgresConnectionSchema,
  mysqlConnectionSchema,
  duckdbConnectionSchema,
  prometheusConnectionSchema,
])
export type SourceConnection = z.infer<typeof sourceConnectionSchema>
export type SourceConnectionInput = z.input<typeof sourceConnectionSchema>

/** A connection as answers show it: never the password. */
export const apiSourceConnectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('warehouse') }),
  postgresConnectionSchema.omit({ password: true }).extend({ hasPassword: z.boolean() }),
  mysqlConnectionSchema.omit({ password: true }).extend({ hasPassword: z.boolean() }),
  duckdbConnectionSchema,
  prometheusConnectionSchema.omit({ password: true }).extend({ hasPassword: z.boolean() }),
])
export type ApiSourceConnection = z.infer<typeof apiSourceConnectionSchema>

// ---------- sources ----------

export const SOURCE_ACCESS_LEVELS = ['query', 'sql'] as const
/** `query`: builder questions; `sql`: also native SQL (implies `query`). Admins have `sql` everywhere. */
export const sourceAccessSchema = z.enum(SOURCE_ACCESS_LEVELS)
export type SourceAccess = z.infer<typeof sourceAccessSchema>

export const apiSourceSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: sourceKindSchema,
  /** null for Prometheus: its queries are PromQL. */
  dialect: sqlDialectSchema.nullable(),
  builtIn: z.boolean(),
  connection: apiSourceConnectionSchema,
  settings: sourceSettingsSchema,
  /** What the current user may do here. */
  access: sourceAccessSchema,
  lastSyncAt: z.string().nullable(),
  lastSyncError: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type ApiSource = z.infer<typeof apiSourceSchema>

export const sourceListSchema = z.object({ sources: z.array(apiSourceSchema) })
export type SourceList = z.infer<typeof sourceListSchema>

export const sourceNameSchema = z.string().trim().min(1).max(200)

export const createSourceBodySchema = z.object({
  name: sourceNameSchema,
  connection: sourceConnectionSchema,
  settings: sourceSettingsSchema.default(sourceSettingsSchema.parse({})),
})
export type CreateSourceBody = z.input<typeof createSourceBodySchema>

/** The built-in warehouse accepts only `settings`. */
export const updateSourceBodySchema = z
  .object({
    name: sourceNameSchema,
    connection: sourceConnectionSchema,
    settings: sourceSettingsSchema,
  })
  .partial()
export type UpdateSourceBody = z.input<typeof updateSourceBodySchema>

export const sourceIdParamsSchema = z.object({ id: z.string().min(1).max(100) })

export const sourceTestResultSchema = z.object({
  ok: z.boolean(),
  /** Present when `ok` is false: one of the `SOURCE_*` connection codes. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  serverVersion: z.string().nullable(),
  durationMs: z.number(),
})
export type SourceTestResult = z.infer<typeof sourceTestResultSchema>

// ---------- catalog ----------

export const sourceCatalogColumnSchema = z.object({
  name: z.string(),
  type: catalogColumnTypeSchema,
  /** The engine's own type name (`character varying`, `DECIMAL(18,2)`, ...). */
  nativeType: z.string(),
})

export const sourceCatalogTableSchema = z.object({
  schema: z.string(),
  name: z.string(),
  columns: z.array(sourceCatalogColumnSchema),
  foreignKeys: z.array(catalogForeignKeySchema),
  /** The engine's estimate (statistics), null when it has none. */
  rowEstimate: z.number().nullable(),
})
export type SourceCatalogTable = z.infer<typeof sourceCatalogTableSchema>

export const sourceCatalogSchema = z.object({
  sourceId: z.string(),
  dialect: sqlDialectSchema.nullable(),
  syncedAt: z.string().nullable(),
  tables: z.array(sourceCatalogTableSchema),
})
export type SourceCatalog = z.infer<typeof sourceCatalogSchema>

// ---------- permissions ----------

export const sourcePermissionSchema = z.object({
  principalType: z.enum(['user', 'group']),
  principalId: z.string().min(1).max(100),
  access: sourceAccessSchema,
})
export type SourcePermission = z.infer<typeof sourcePermissionSchema>

/** The whole list is replaced on PUT. */
export const sourcePermissionsSchema = z.object({ permissions: z.array(sourcePermissionSchema).max(1000) })
export type SourcePermissions = z.infer<typeof sourcePermissionsSchema>

// ---------- cache ----------

export const sourceCacheStatsSchema = z.object({
  sourceId: z.string(),
  /** Since this process started. */
  hits: z.number(),
  misses: z.number(),
  /** hits / (hits + misses); null before any lookup. */
  hitRatio: z.number().nullable(),
  /** `memory` (in-process LRU) or `redis`. */
  store: z.enum(['memory', 'redis']),
})
export type SourceCacheStats = z.infer<typeof sourceCacheStatsSchema>
