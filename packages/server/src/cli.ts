import { roleSchema } from '@vitrina/contracts'
import { PipelineError } from '@vitrina/pipeline'
import { Command, InvalidArgumentError } from 'commander'
import { ZodError } from 'zod'
import { registerImportCommand } from './cli/import-command'
import { registerPipelineCommands } from './cli/pipeline-commands'
import { registerPipelineSourceCommand } from './cli/pipeline-register-source'
import { registerQueryCommand } from './cli/query-command'
import { readPassword } from './cli/read-password'
import { type Config, ConfigError, loadConfig, parseServices } from './config/config'
import { migrateToLatest, openSystemDb } from './db/system-db'
import { AppError } from './http/errors'
import { createServices, startVitrina } from './main'
import { VERSION } from './version'

function port(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('expected a port number 0-65535')
  return n
}

async function withSystemDb<T>(
  config: Config,
  run: (services: ReturnType<typeof createServices>) => Promise<T>,
) {
  const systemDb = await openSystemDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    await migrateToLatest(systemDb.db)
    return await run(createServices(systemDb, config))
  } finally {
    await systemDb.close()
  }
}

const program = new Command()
  .name('vitrina')
  .description(
    'Vitrina: self-hosted business intelligence. Configuration comes from the environment (see README).',
  )
  .version(VERSION)
  .showHelpAfterError()

program
  .command('start')
  .description('Migrate the system database and start the services')
  .option('--services <list>', 'comma-separated services to run: web, worker', undefined)
  .option('--port <port>', 'HTTP port (default: PORT or 3000)', port)
  .option('--host <host>', 'address to bind (default: HOST or 0.0.0.0)')
  .action(async (opts: { services?: string; port?: number; host?: string }) => {
    const config = loadConfig()
    if (opts.services) config.services = parseServices(opts.services)
    if (opts.port !== undefined) config.port = opts.port
    if (opts.host) config.host = opts.host
    const running = await startVitrina(config)
    if (running.url && process.stderr.isTTY) {
      const shown =
        config.host === '0.0.0.0' || config.host === '::' ? `http://localhost:${config.port}` : running.url
      process.stderr.write(`\n  Vitrina is running at ${shown}  (Ctrl+C stops it)\n\n`)
    }
    const shutdown = async (signal: string) => {
      process.stderr.write(`\n${signal}: stopping Vitrina…\n`)
      await running.stop()
      process.exit(0)
    }
    process.once('SIGINT', () => void shutdown('SIGINT'))
    process.once('SIGTERM', () => void shutdown('SIGTERM'))
  })

program
  .command('migrate')
  .description('Apply pending system-database migrations and exit')
  .action(async () => {
    const config = loadConfig()
    const systemDb = await openSystemDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
    try {
      const { applied } = await migrateToLatest(systemDb.db)
      process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Already up to date\n')
    } finally {
      await systemDb.close()
    }
  })

const user = program.command('user').description('Manage users')
user
  .command('create')
  .description('Create a user; the password is read from a prompt, or from the first line of stdin')
  .requiredOption('--email <email>', 'email address (the login)')
  .requiredOption('--role <role>', 'admin, analyst or viewer', (v) => {
    const parsed = roleSchema.safeParse(v)
    if (!parsed.success) throw new InvalidArgumentError('expected admin, analyst or viewer')
    return parsed.data
  })
  .option('--name <name>', 'display name (default: the part of the email before @)')
  .action(async (opts: { email: string; role: 'admin' | 'analyst' | 'viewer'; name?: string }) => {
    const config = loadConfig()
    const password = await readPassword('Password: ')
    if (process.stdin.isTTY && (await readPassword('Repeat password: ')) !== password) {
      throw new AppError(400, 'VALIDATION_FAILED', 'The passwords do not match')
    }
    const created = await withSystemDb(config, (services) =>
      services.users.create(null, {
        email: opts.email,
        role: opts.role,
        name: opts.name ?? opts.email.split('@')[0] ?? opts.email,
        password,
      }),
    )
    process.stdout.write(`Created ${created.role} ${created.email} (${created.id})\n`)
  })

registerPipelineSourceCommand(registerPipelineCommands(program), (run) => withSystemDb(loadConfig(), run))
registerImportCommand(program, withSystemDb)
registerQueryCommand(program, (run) => withSystemDb(loadConfig(), run))

function fail(error: unknown): never {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`)
  else if (error instanceof ZodError) {
    process.stderr.write(
      `Invalid input:\n${error.issues.map((i) => `  - ${i.path.join('.') || 'value'}: ${i.message}`).join('\n')}\n`,
    )
  } else if (error instanceof AppError || error instanceof PipelineError) {
    process.stderr.write(`${error.code}: ${error.message}\n`)
  } else if (error instanceof InvalidArgumentError) process.stderr.write(`${error.message}\n`)
  else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(error instanceof ConfigError ? 78 : 1)
}

program.parseAsync().catch(fail)
