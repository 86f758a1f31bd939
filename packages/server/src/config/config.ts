import path from 'node:path'
import { z } from 'zod'

export const SERVICES = ['web', 'worker'] as const
export type Service = (typeof SERVICES)[number]

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const positiveInt = z.coerce.number().int().positive()

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
})

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
}

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
  }
}
