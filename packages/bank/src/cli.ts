#!/usr/bin/env tsx
import { availableParallelism } from 'node:os'
import { Command, InvalidArgumentError, Option } from 'commander'
import { type BankDb, type BankDbOptions, createBankDb } from './db/bank-db'
import { checkReplication } from './db/replication'
import { generateTraffic } from './domain/generate'
import { reconcile } from './domain/reconciliation'
import { DEFAULT_SEED_PASSWORD, seed } from './domain/seed'
import { createBankApp } from './http/app'
import { parseListen, startMetricsListener } from './http/metrics-route'
import { bankMetrics } from './metrics'
import { applyTune, computeTune, parseSize, renderConf, type Storage } from './tune'

const log = (line: string) => process.stderr.write(`${line}\n`)

function int(min: number) {
  return (value: string) => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be an integer >= ${min}`)
    return n
  }
}

function listen(value: string) {
  try {
    return parseListen(value)
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message)
  }
}

/** METRICS_TOKEN: bearer token for /metrics; alone it serves /metrics on the app's port. */
function metricsTokenFromEnv(): string | null {
  const token = process.env.METRICS_TOKEN
  if (!token) return null
  if (token.length < 16) {
    log('error: METRICS_TOKEN must be at least 16 characters')
    process.exit(2)
  }
  return token
}

function size(value: string): number {
  try {
    return parseSize(value)
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message)
  }
}

const urlOption = () =>
  new Option('--url <url>', 'PostgreSQL connection string of the bank database').env('BANK_DATABASE_URL')

function requireUrl(url: string | undefined): string {
  if (!url) {
    log('error: no database: pass --url or set BANK_DATABASE_URL')
    process.exit(2)
  }
  return url
}

async function withDb<T>(
  url: string | undefined,
  options: number | BankDbOptions,
  fn: (db: BankDb) => Promise<T>,
): Promise<T> {
  const db = createBankDb(requireUrl(url), typeof options === 'number' ? { max: options } : options)
  try {
    return await fn(db)
  } finally {
    await db.close()
  }
}

/**
 * Each connection carries one operation at a time, so a paced run needs about rate × latency of them:
 * at the ~15 ms an operation takes on a loaded server, 60 per second each (8 held only ~1,750 of
 * 2,000 TPS; 32 held 2,000, measured).
 */
function defaultConcurrency(tps: number): number {
  return tps === 0 ? 8 : Math.min(64, Math.max(8, Math.ceil(tps / 60)))
}

const program = new Command('bank')
  .description('Vitrina demo bank: schema, seed data, web app, traffic generator and PostgreSQL tuning')
  .showHelpAfterError()

program
  .command('db:migrate')
  .description('apply pending SQL migrations (schema + publication vitrina_bank)')
  .addOption(urlOption())
  .action(async (opts: { url?: string }) => {
    const applied = await withDb(opts.url, 1, (db) => db.migrate())
    log(applied.length === 0 ? 'schema is up to date' : `applied: ${applied.join(', ')}`)
  })

program
  .command('seed')
  .description('add realistic customers with contacts, accounts, cards and opening deposits')
  .requiredOption('--customers <n>', 'customers to add', int(1))
  .option(
    '--password <password>',
    'password of every seeded customer (logins client1, client2, ...)',
    DEFAULT_SEED_PASSWORD,
  )
  .option('--seed <n>', 'random seed', int(0), 42)
  .addOption(urlOption())
  .action(async (opts: { customers: number; password: string; seed: number; url?: string }) => {
    const result = await withDb(opts.url, 2, async (db) => {
      await db.migrate()
      return seed(db, {
        customers: opts.customers,
        password: opts.password,
        seed: opts.seed,
        onProgress: (done, total) => log(`seeded ${done}/${total} customers`),
      })
    })
    log(`added ${result.customers} customers, ${result.accounts} accounts; first login ${result.firstLogin}`)
  })

program
  .command('serve')
  .description('serve the bank web pages and REST API')
  .option('--port <port>', 'TCP port', int(0), 3100)
  .option('--host <host>', 'interface to listen on', '127.0.0.1')
  .option('--insecure-cookies', 'send the session cookie over plain http (local development only)')
  .addOption(
    new Option('--metrics-listen <host:port>', 'serve GET /metrics on a separate listener')
      .env('METRICS_LISTEN')
      .argParser(listen),
  )
  .addOption(urlOption())
  .action(
    async (opts: {
      port: number
      host: string
      insecureCookies?: boolean
      metricsListen?: { host: string; port: number }
      url?: string
    }) => {
      const db = createBankDb(requireUrl(opts.url), { max: 20 })
      await db.migrate()
      // From the environment only: a token on the command line would show in `ps`.
      const metricsToken = metricsTokenFromEnv()
      const app = await createBankApp({
        db,
        cookieSecure: !opts.insecureCookies,
        logger: true,
        metricsToken: opts.metricsListen ? null : metricsToken,
      })
      const address = await app.listen({ port: opts.port, host: opts.host })
      log(`bank listening on ${address}`)
      const metricsListener = opts.metricsListen
        ? await startMetricsListener(opts.metricsListen, {
            registry: bankMetrics.registry,
            token: metricsToken,
          })
        : null
      if (metricsListener) log(`metrics on ${metricsListener.url}`)
      const stop = async () => {
        await metricsListener?.close()
        await app.close()
        await db.close()
        process.exit(0)
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    },
  )

program
  .command('generate')
  .description('produce realistic activity: transfers, deposits, withdrawals, some refused')
  .requiredOption('--customers <n>', 'customers whose accounts take part (seeded first if missing)', int(2))
  .requiredOption('--tps <r>', 'target operations per second, 0 = full speed', int(0))
  .requiredOption('--duration <s>', 'seconds to run', int(1))
  .option(
    '--concurrency <n>',
    'operations in flight (default: 8, or tps/60 up to 64 for a paced run)',
    int(1),
  )
  .option('--seed <n>', 'random seed', int(0), 1)
  .option('--no-sync-commit', 'synchronous_commit=off for the generator (disposable load on a slow disk)')
  .addOption(urlOption())
  .action(
    async (opts: {
      customers: number
      tps: number
      duration: number
      concurrency?: number
      seed: number
      syncCommit: boolean
      url?: string
    }) => {
      const concurrency = opts.concurrency ?? defaultConcurrency(opts.tps)
      const dbOptions = { max: concurrency + 2, synchronousCommit: opts.syncCommit }
      const stats = await withDb(opts.url, dbOptions, async (db) => {
        await db.migrate()
        const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM customers')
        const missing = opts.customers - rows[0]!.n
        if (missing > 0) {
          log(`seeding ${missing} customers first`)
          await seed(db, { customers: missing })
        }
        const controller = new AbortController()
        process.once('SIGINT', () => controller.abort())
        return generateTraffic(db, {
          customers: opts.customers,
          tps: opts.tps,
          durationMs: opts.duration * 1000,
          concurrency,
          seed: opts.seed,
          signal: controller.signal,
          onProgress: (s) =>
            log(
              `${(s.elapsedMs / 1000).toFixed(0)}s ops=${s.operations} tps=${s.achievedTps.toFixed(0)} ` +
                `rejected=${s.rejected} errors=${s.errors}`,
            ),
        })
      })
      log(
        `done: ${stats.operations} operations in ${(stats.elapsedMs / 1000).toFixed(1)} s, ` +
          `achieved ${stats.achievedTps.toFixed(0)} TPS (target ${opts.tps === 0 ? 'full speed' : opts.tps}); ` +
          `completed ${stats.completed}, rejected ${stats.rejected}, errors ${stats.errors}` +
          (stats.firstError === null ? '' : ` (first: ${stats.firstError})`),
      )
      if (stats.errors > 0) process.exitCode = 1
    },
  )

program
  .command('db:tune')
  .description('print PostgreSQL settings for the given resources (pgtune-like); --apply writes them')
  .requiredOption('--memory <size>', 'RAM for PostgreSQL, e.g. 2GB', size)
  .option('--cpus <n>', 'CPU cores', int(1), availableParallelism())
  .option('--connections <n>', 'max_connections', int(5), 100)
  .addOption(new Option('--storage <kind>', 'disk type').choices(['ssd', 'hdd']).default('ssd'))
  .option('--disk <size>', 'disk space for WAL; sizes max_slot_wal_keep_size', size)
  .option('--json', 'print JSON instead of postgresql.conf lines')
  .option('--apply', 'ALTER SYSTEM the settings on --url and reload')
  .addOption(urlOption())
  .action(
    async (opts: {
      memory: number
      cpus: number
      connections: number
      storage: Storage
      disk?: number
      json?: boolean
      apply?: boolean
      url?: string
    }) => {
      const input = {
        memoryBytes: opts.memory,
        cpus: opts.cpus,
        connections: opts.connections,
        storage: opts.storage,
        diskBytes: opts.disk ?? null,
      }
      const settings = computeTune(input)
      process.stdout.write(opts.json ? `${JSON.stringify(settings, null, 2)}\n` : renderConf(input, settings))
      if (opts.apply) {
        const restart = await withDb(opts.url, 1, (db) => applyTune(db.pool, settings))
        log(
          restart.length === 0
            ? 'applied and reloaded'
            : `applied; restart PostgreSQL for: ${restart.join(', ')}`,
        )
      }
    },
  )

program
  .command('db:replication')
  .description(
    'check logical replication readiness: wal_level, senders, publication, replica identities, slots',
  )
  .addOption(urlOption())
  .action(async (opts: { url?: string }) => {
    const report = await withDb(opts.url, 1, (db) => checkReplication(db.pool))
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
    for (const problem of report.problems) log(`problem: ${problem}`)
    if (report.problems.length > 0) process.exitCode = 1
  })

program
  .command('reconcile')
  .description('check the double-entry invariants of the whole ledger')
  .addOption(urlOption())
  .action(async (opts: { url?: string }) => {
    const report = await withDb(opts.url, 1, (db) => reconcile(db.pool))
    process.stdout.write(`${JSON.stringify(report)}\n`)
    if (!report.ok) process.exitCode = 1
  })

program.parseAsync().catch((error: unknown) => {
  log(`error: ${(error as Error).message}`)
  process.exit(1)
})
