import { type QueryRunResult, runQueryBodySchema } from '@vitrina/contracts'
import { type Command, InvalidArgumentError, Option } from 'commander'
import { AppError } from '../http/errors'
import type { Actor } from '../http/principal'
import type { Services } from '../main'
import { csvField } from '../modules/query-run/export-csv'
import type { Row } from '../warehouse'

type WithServices = <T>(run: (services: Services) => Promise<T>) => Promise<T>

interface QueryFlags {
  source: string
  sql: string
  format: 'table' | 'json' | 'csv'
  param: Record<string, string>
  as?: string
  refresh?: boolean
}

const collectParam = (value: string, previous: Record<string, string>) => {
  const eq = value.indexOf('=')
  if (eq <= 0) throw new InvalidArgumentError('expected name=value')
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) }
}

/** `vitrina query`: native SQL against a source, through the same permission, guard, cache and audit path as the API. */
export function registerQueryCommand(program: Command, withServices: WithServices): void {
  program
    .command('query')
    .description('Run read-only SQL against a source (id or name); {{name}} variables come from --param')
    .requiredOption('--source <source>', 'source id or name (the built-in warehouse: "warehouse")')
    .requiredOption('--sql <sql>', 'one SELECT statement; {{name}} for variables')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'),
    )
    .option('--param <name=value>', 'a variable value (repeatable)', collectParam, {})
    .option('--as <email>', 'run as this user (default: the first active admin)')
    .option('--refresh', 'bypass the result cache')
    .action(async (flags: QueryFlags) => {
      const result = await withServices(async (services) => {
        try {
          const actor = await actorFor(services, flags.as)
          const feature = services.queryFeature
          const sources = await feature.sources.list(actor)
          const source = sources.find((s) => s.id === flags.source || s.name === flags.source)
          if (!source)
            throw new AppError(404, 'SOURCE_NOT_FOUND', `No source "${flags.source}" you may query`)
          const input = runQueryBodySchema.parse({
            sourceId: source.id,
            query: { kind: 'native', sql: flags.sql },
            parameters: flags.param,
            refresh: flags.refresh ?? false,
          })
          const { runId, compiled, outcome } = await feature.queryRuns.run(actor, input)
          const body = outcome.body()
          return { runId, compiled, cached: outcome.cached, cacheAgeSeconds: null, ...body } as QueryRunResult
        } finally {
          await services.queryFeature.close()
          await services.datasetFeature.close()
        }
      })
      process.stdout.write(format(result, flags.format))
      if (result.truncated)
        process.stderr.write(`Stopped at the source's row cap (${result.rowCount} rows)\n`)
    })
}

/** The user a CLI command acts as: `email`, or the first active admin. */
export async function actorFor(services: Services, email: string | undefined): Promise<Actor> {
  const user = email
    ? await services.usersRepo.findByEmail(email.toLowerCase())
    : ((await services.usersRepo.list()).find((u) => u.role === 'admin' && u.is_active) ?? null)
  if (!user?.is_active)
    throw new AppError(
      404,
      'NOT_FOUND',
      email ? `No active user ${email}` : 'No active admin: run setup first',
    )
  return { id: user.id, email: user.email, role: user.role, ip: null }
}

export function format(result: QueryRunResult, kind: QueryFlags['format']): string {
  const names = result.columns.map((c) => c.name)
  if (kind === 'json')
    return `${JSON.stringify(
      result.rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i] ?? null]))),
      null,
      2,
    )}\n`
  if (kind === 'csv') {
    const line = (cells: string[]) => `${cells.join(',')}\r\n`
    return (
      line(names.map((n) => csvField(n, 'text'))) +
      result.rows
        .map((r: Row) => line(r.map((v, i) => csvField(v, result.columns[i]?.type ?? 'other'))))
        .join('')
    )
  }
  const cells = [names, ...result.rows.map((r) => r.map((v) => (v === null ? 'NULL' : String(v))))]
  const widths = names.map((_, i) => Math.max(...cells.map((row) => [...(row[i] ?? '')].length)))
  const pad = (row: string[]) =>
    row
      .map((c, i) => c + ' '.repeat(widths[i]! - [...c].length))
      .join(' | ')
      .trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-')
  const count = `(${result.rowCount} ${result.rowCount === 1 ? 'row' : 'rows'}${result.cached ? ', from cache' : ''})`
  return `${[pad(names), rule, ...cells.slice(1).map(pad)].join('\n')}\n${count}\n`
}
