import path from 'node:path'
import type { IngestLimits } from '@vitrina/ingest'
import { z } from 'zod'

export const SERVICES = ['web', 'worker'] as const
export type Service = (typeof SERVICES)[number]

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const positiveInt = z.coerce.number().int().positive()
const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max)

/** Every environment variable Vitrina reads. README's configuration table mirrors this list. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  VITRINA_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
    .optional(),
  VITRINA_SERVICES: z.string().default('web,worker'),
  VITRINA_PUBLIC_URL: z.url().optional(),
  VITRINA_TRUST_PROXY: bool.default(false),
  VITRINA_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  VITRINA_SESSION_IDLE_MINUTES: positiveInt.default(12 * 60),
  VITRINA_SESSION_MAX_HOURS: positiveInt.default(7 * 24),
  VITRINA_LOGIN_MAX_FAILURES: positiveInt.default(5),
  VITRINA_LOGIN_LOCK_MINUTES: positiveInt.default(15),
  VITRINA_LOGIN_RATE_PER_MINUTE: positiveInt.default(20),
  VITRINA_BODY_LIMIT_MB: positiveInt.default(10),
  VITRINA_WEB_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  VITRINA_SECRET_KEY: z.string().min(1).optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  REDIS_PREFIX: z.string().min(1).max(100).default('vitrina:cache:'),
  VITRINA_CACHE_MAX_MB: positiveInt.default(256),
  VITRINA_CACHE_MAX_ENTRY_MB: positiveInt.default(16),
  WAREHOUSE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
    .optional(),
  VITRINA_DUCKDB_QUERY_SLOTS: intIn(1, 64).default(4),
  VITRINA_UPLOAD_MAX_MB: positiveInt.default(200),
  VITRINA_UPLOAD_PARSE_TIMEOUT_SECONDS: positiveInt.default(600),
  VITRINA_UPLOAD_MAX_ZIP_ENTRIES: intIn(1, 1_000_000).default(10_000),
  VITRINA_UPLOAD_MAX_ENTRY_MB: intIn(1, 65_536).default(1536),
  VITRINA_UPLOAD_MAX_UNCOMPRESSED_MB: intIn(1, 65_536).default(2048),
  VITRINA_UPLOAD_MAX_COMPRESSION_RATIO: intIn(10, 100_000).default(500),
  VITRINA_UPLOAD_MAX_COLUMNS: intIn(1, 100_000).default(16_384),
  VITRINA_UPLOAD_MAX_ROWS: intIn(1, 1_000_000_000).default(2_000_000),
  VITRINA_UPLOAD_PARSE_MEMORY_MB: intIn(64, 65_536).default(512),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  METRICS_LISTEN: z
    .string()
    .regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:9464')
    .optional(),
  VITRINA_EMBED_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(/[\s,]+/)
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .refine(
      (origins) => origins.every(isOrigin),
      'must be a comma-separated list of origins such as https://intranet.example.com',
    ),
  VITRINA_SHARE_RATE_PER_MINUTE: positiveInt.default(600),
})

/** `scheme://host[:port]` and nothing more: what a CSP frame-ancestors source names. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value
  } catch {
    return false
  }
}

export type Env = z.infer<typeof envSchema>

export interface Config {
  port: number
  host: string
  dataDir: string
  databaseUrl: string | null
  services: Service[]
  publicUrl: string | null
  trustProxy: boolean
  cookieSecure: 'auto' | boolean
  session: { idleMs: number; maxMs: number }
  login: { maxFailures: number; lockMs: number; ratePerMinute: number }
  bodyLimitBytes: number
  webDir: string | null
  logLevel: Env['LOG_LEVEL']
  /** Key sealing source credentials (AES-256-GCM); null = `secret.key` generated in the data folder. */
  secretKey: string | null
  /** Query-result cache: Redis when `redisUrl` is set, else an in-process LRU of `maxBytes`. */
  queryCache: { redisUrl: string | null; redisPrefix: string; maxBytes: number; maxEntryBytes: number }
  /**
   * Where datasets live: PostgreSQL at `url`, else the DuckDB file `duckdbPath` in the data folder, running
   * `duckdbQuerySlots` queries at once.
   */
  warehouse: { url: string | null; duckdbPath: string; duckdbQuerySlots: number }
  /** Uploaded spreadsheets: size limit, the time limit for reading one file, the hostile-file limits. */
  uploads: { maxBytes: number; parseTimeoutMs: number; limits: UploadFileLimits }
  metrics: MetricsExposure
  /** Public links and embedding: sites that may frame `/embed/` pages, and requests per minute per IP. */
  sharing: { embedOrigins: string[]; ratePerMinute: number }
}

/**
 * Where /metrics is served. Closed by default: with neither a token nor a listener it is not served.
 * A listener serves it on its own address (token still required if set); a token alone serves it on
 * the main port behind `Authorization: Bearer <token>`.
 */
export interface MetricsExposure {
  token: string | null
  listen: { host: string; port: number } | null
}

/** The `@vitrina/ingest` limits a deployment sets (zip bombs, sheet size, SheetJS worker heap). */
export type UploadFileLimits = Pick<
  IngestLimits,
  | 'maxZipEntries'
  | 'maxEntryUncompressedBytes'
  | 'maxTotalUncompressedBytes'
  | 'maxCompressionRatio'
  | 'maxColumns'
  | 'maxRows'
  | 'maxParseMemoryMb'
>

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
}

export function parseServices(value: string): Service[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const unknown = names.filter((n) => !(SERVICES as readonly string[]).includes(n))
  if (unknown.length > 0 || names.length === 0) {
    throw new ConfigError([
      `VITRINA_SERVICES / --services: unknown service "${unknown.join(', ')}"; expected a comma-separated subset of ${SERVICES.join(', ')}`,
    ])
  }
  return [...new Set(names)] as Service[]
}

/** Reads and validates the environment. A bad value throws ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.')
        const got = env[name]
        return `${name}: ${issue.message}${got === undefined ? '' : ` (got "${got}")`}`
      }),
    )
  }
  const e = parsed.data
  if (e.VITRINA_UPLOAD_MAX_ENTRY_MB > e.VITRINA_UPLOAD_MAX_UNCOMPRESSED_MB) {
    throw new ConfigError([
      `VITRINA_UPLOAD_MAX_ENTRY_MB (${e.VITRINA_UPLOAD_MAX_ENTRY_MB}) must not exceed VITRINA_UPLOAD_MAX_UNCOMPRESSED_MB (${e.VITRINA_UPLOAD_MAX_UNCOMPRESSED_MB}): one zip entry cannot inflate to more than the whole file`,
    ])
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.VITRINA_DATA_DIR),
    databaseUrl: e.DATABASE_URL ?? null,
    services: parseServices(e.VITRINA_SERVICES),
    publicUrl: e.VITRINA_PUBLIC_URL ?? null,
    trustProxy: e.VITRINA_TRUST_PROXY,
    cookieSecure: e.VITRINA_COOKIE_SECURE === 'auto' ? 'auto' : e.VITRINA_COOKIE_SECURE === 'true',
    session: {
      idleMs: e.VITRINA_SESSION_IDLE_MINUTES * 60_000,
      maxMs: e.VITRINA_SESSION_MAX_HOURS * 3_600_000,
    },
    login: {
      maxFailures: e.VITRINA_LOGIN_MAX_FAILURES,
      lockMs: e.VITRINA_LOGIN_LOCK_MINUTES * 60_000,
      ratePerMinute: e.VITRINA_LOGIN_RATE_PER_MINUTE,
    },
    bodyLimitBytes: e.VITRINA_BODY_LIMIT_MB * 1024 * 1024,
    webDir: e.VITRINA_WEB_DIR ?? null,
    logLevel: e.LOG_LEVEL,
    secretKey: e.VITRINA_SECRET_KEY ?? null,
    queryCache: {
      redisUrl: e.REDIS_URL ?? null,
      redisPrefix: e.REDIS_PREFIX,
      maxBytes: e.VITRINA_CACHE_MAX_MB * 1024 * 1024,
      maxEntryBytes: e.VITRINA_CACHE_MAX_ENTRY_MB * 1024 * 1024,
    },
    warehouse: {
      url: e.WAREHOUSE_URL ?? null,
      duckdbPath: path.join(path.resolve(e.VITRINA_DATA_DIR), 'warehouse.duckdb'),
      duckdbQuerySlots: e.VITRINA_DUCKDB_QUERY_SLOTS,
    },
    uploads: {
      maxBytes: e.VITRINA_UPLOAD_MAX_MB * 1024 * 1024,
      parseTimeoutMs: e.VITRINA_UPLOAD_PARSE_TIMEOUT_SECONDS * 1000,
      limits: {
        maxZipEntries: e.VITRINA_UPLOAD_MAX_ZIP_ENTRIES,
        maxEntryUncompressedBytes: e.VITRINA_UPLOAD_MAX_ENTRY_MB * 1024 * 1024,
        maxTotalUncompressedBytes: e.VITRINA_UPLOAD_MAX_UNCOMPRESSED_MB * 1024 * 1024,
        maxCompressionRatio: e.VITRINA_UPLOAD_MAX_COMPRESSION_RATIO,
        maxColumns: e.VITRINA_UPLOAD_MAX_COLUMNS,
        maxRows: e.VITRINA_UPLOAD_MAX_ROWS,
        maxParseMemoryMb: e.VITRINA_UPLOAD_PARSE_MEMORY_MB,
      },
    },
    metrics: { token: e.METRICS_TOKEN ?? null, listen: parseListen(e.METRICS_LISTEN) },
    sharing: { embedOrigins: e.VITRINA_EMBED_ORIGINS, ratePerMinute: e.VITRINA_SHARE_RATE_PER_MINUTE },
  }
}

/** METRICS_TOKEN and METRICS_LISTEN alone, for processes that need no other setting (`vitrina pipeline run`). */
export function loadMetricsExposure(env: NodeJS.ProcessEnv = process.env): MetricsExposure {
  const parsed = envSchema.pick({ METRICS_TOKEN: true, METRICS_LISTEN: true }).safeParse(env)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))
  }
  return { token: parsed.data.METRICS_TOKEN ?? null, listen: parseListen(parsed.data.METRICS_LISTEN) }
}

/** `host:port` (IPv6 in brackets) as a listen address; port 0 picks a free one. */
export function parseListen(value: string | undefined): MetricsExposure['listen'] {
  if (!value) return null
  const at = value.lastIndexOf(':')
  const port = Number(value.slice(at + 1))
  if (!Number.isInteger(port) || port > 65535) {
    throw new ConfigError([`METRICS_LISTEN: port must be 0-65535 (got "${value}")`])
  }
  return { host: value.slice(0, at).replace(/^\[|\]$/g, ''), port }
}
