import { existsSync } from 'node:fs'
import path from 'node:path'
import {
  type ApiBatch,
  type ImportMode,
  type ImportProgress,
  importModeSchema,
  type ValidationReport,
} from '@vitrina/contracts'
import { type Command, InvalidArgumentError } from 'commander'
import { type Config, loadConfig } from '../config/config'
import { AppError } from '../http/errors'
import type { Actor } from '../http/principal'
import type { Services } from '../main'

/** cli.ts's `withSystemDb`: opens and migrates the system DB, builds the services, closes it after `run`. */
export type WithServices = <T>(config: Config, run: (services: Services) => Promise<T>) => Promise<T>

interface ImportOptions {
  dataset: string
  mode: ImportMode
  sheet?: string
  periodColumn?: string
  quarantine?: boolean
  allowDuplicate?: boolean
  as?: string
}

const BAR = 30

/** One progress line: a bar over the bytes read, then the row counters. */
export function progressLine(p: ImportProgress): string {
  const share = p.bytesTotal > 0 ? Math.min(1, p.bytesRead / p.bytesTotal) : 0
  const filled = Math.round(share * BAR)
  const n = (v: number) => v.toLocaleString('ru-RU')
  return (
    `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ` +
    `${p.phase}: read ${n(p.rowsParsed)}, valid ${n(p.rowsValid)}, invalid ${n(p.rowsInvalid)}, loaded ${n(p.rowsLoaded)}`
  )
}

/** The validation report as text: one line per bad cell (file, sheet, row, column, value, reason). */
export function reportText(report: ValidationReport): string {
  const lines = report.errors.map(
    (e) =>
      `  ${e.file} · ${e.sheet} · row ${e.row} · column ${e.column} (${e.columnName}) · "${e.value}" · ${e.reason}`,
  )
  if (report.truncated) lines.push(`  … and ${report.errorCount - report.errors.length} more`)
  return `${lines.join('\n')}\n`
}

function summary(b: ApiBatch): string {
  return (
    `Loaded batch ${b.id}: ${b.rowsInserted} inserted, ${b.rowsUpdated} updated, ${b.rowsDeleted} removed` +
    `${b.rowsQuarantined > 0 ? `, ${b.rowsQuarantined} quarantined` : ''}\n` +
    b.notes.map((n) => `  note: ${n.message}\n`).join('')
  )
}

async function actorFor(services: Services, email: string | undefined): Promise<Actor> {
  let q = services.db.selectFrom('users').select(['id', 'email', 'role']).where('is_active', '=', true)
  q = email ? q.where('email', '=', email.toLowerCase()) : q.where('role', '=', 'admin').orderBy('created_at')
  const user = await q.executeTakeFirst()
  if (!user) {
    throw new AppError(
      404,
      'NOT_FOUND',
      email ? `No active user ${email}` : 'No admin yet: run setup first, or pass --as EMAIL',
    )
  }
  return { id: user.id, email: user.email, role: user.role, ip: null }
}

async function importFile(
  services: Services,
  filePath: string,
  opts: ImportOptions,
  draw: (p: ImportProgress) => void,
): Promise<{ batch: ApiBatch; report: ValidationReport; errorReportPath: string }> {
  const actor = await actorFor(services, opts.as)
  const { datasets, uploads, imports } = services.datasetFeature
  const dataset = await datasets.byName(opts.dataset)
  const upload = await uploads.receiveLocal(actor, filePath)
  process.stderr.write(
    `${upload.fileName} (${upload.sizeBytes.toLocaleString('ru-RU')} bytes) → ${dataset.name}\n`,
  )
  const result = await imports.importNow(
    actor,
    dataset.id,
    {
      uploadId: upload.id,
      sheet: opts.sheet ?? null,
      mode: opts.mode,
      periodColumn: opts.periodColumn ?? null,
      quarantine: opts.quarantine ?? false,
    },
    !opts.allowDuplicate,
    draw,
  )
  return { ...result, errorReportPath: services.datasetFeature.errorReportPath(result.batch.id) }
}

/**
 * `vitrina import FILE --dataset NAME`: the same checks and import as an upload in the web app, run in this
 * process against the data folder / DATABASE_URL / WAREHOUSE_URL. Progress on stderr; exit code 1 when the
 * file is refused.
 */
export function registerImportCommand(program: Command, withServices: WithServices): void {
  program
    .command('import')
    .description(
      'Import a spreadsheet or CSV into a dataset (validated; nothing is written if a cell is invalid)',
    )
    .argument('<file>', '.xlsx, .xls, .ods, .csv or .tsv file')
    .requiredOption('--dataset <name>', 'dataset name')
    .option(
      '--mode <mode>',
      'append, replace, replace-period or upsert',
      (v) => {
        const parsed = importModeSchema.safeParse(v)
        if (!parsed.success)
          throw new InvalidArgumentError('expected append, replace, replace-period or upsert')
        return parsed.data
      },
      'append',
    )
    .option('--sheet <name>', 'sheet to read (default: the first visible one)')
    .option('--period-column <identifier>', 'date column for --mode replace-period')
    .option('--quarantine', 'import the valid rows and keep the invalid ones in quarantine')
    .option('--allow-duplicate', 'import even if this file was already imported into the dataset')
    .option('--as <email>', 'user the import is recorded under (default: the first admin)')
    .action(async (file: string, opts: ImportOptions) => {
      const filePath = path.resolve(file)
      if (!existsSync(filePath)) throw new AppError(400, 'UPLOAD_NO_FILE', `No such file: ${filePath}`)
      const config = loadConfig()
      const tty = process.stderr.isTTY
      let lastPhase = ''
      let lastDraw = 0
      const draw = (p: ImportProgress) => {
        const now = Date.now()
        if (tty) {
          if (now - lastDraw < 100 && p.phase !== 'done') return
          lastDraw = now
          process.stderr.write(`\r${progressLine(p)}`)
        } else if (p.phase !== lastPhase) {
          process.stderr.write(`${progressLine(p)}\n`)
        }
        lastPhase = p.phase
      }
      const outcome = await withServices(config, async (services) => {
        try {
          return await importFile(services, filePath, opts, draw)
        } finally {
          await services.datasetFeature.close()
        }
      })
      if (tty) process.stderr.write('\n')
      const { batch, report } = outcome
      if (batch.status === 'loaded') {
        process.stdout.write(summary(batch))
        if (report.errorCount > 0) process.stdout.write(`Quarantined cells:\n${reportText(report)}`)
        return
      }
      if (batch.status === 'rejected') {
        process.stderr.write(
          `Refused: ${report.errorCount} invalid cell(s); nothing was written.\n${reportText(report)}` +
            `The highlighted copy: ${outcome.errorReportPath}\n`,
        )
      } else {
        const message = batch.error?.message ?? 'the import failed'
        // The embedded DuckDB file is locked by a running server: say what to do.
        const hint = /lock/i.test(message)
          ? ' (stop `vitrina start` first, or upload through the web app)'
          : ''
        process.stderr.write(`${batch.error?.code ?? 'INTERNAL'}: ${message}${hint}\n`)
      }
      process.exitCode = 1
    })
}
