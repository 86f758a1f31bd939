import { existsSync } from 'node:fs'
import type {
  ApiBatch,
  ApiDataset,
  BatchRef,
  CreateFromUploadBody,
  DatasetColumn,
  ImportProgress,
  QuarantinePage,
  StartImportBody,
  ValidationReport,
} from '@vitrina/contracts'
import { type ColumnMapping, columnLetter, type Preview } from '@vitrina/ingest'
import type { FastifyBaseLogger } from 'fastify'
import type { SystemDb } from '../../db/system-db'
import { AppError, ForbiddenError, NotFoundError } from '../../http/errors'
import type { Actor } from '../../http/principal'
import { newId } from '../../lib/tokens'
import type { VitrinaMetrics } from '../../metrics/registry'
import type { Warehouse } from '../../warehouse'
import type { AuditRepo } from '../audit/audit.repo'
import { readOnlyError } from '../dataset-rows/dataset-reader'
import type { Dataset } from '../datasets/datasets.presenter'
import type { DatasetsRepo } from '../datasets/datasets.repo'
import type { DatasetsService } from '../datasets/datasets.service'
import { presentBatch, presentQuarantineRow, presentReport } from './batches.presenter'
import { type ImportJob, type ImportResult, runImport } from './import-runner'
import { failureOf } from './ingest-errors'
import type { ProgressHub } from './progress-hub'
import { keepCopy, type UploadPaths } from './upload-storage'
import type { BatchRow, UploadsRepo } from './uploads.repo'
import { ingestLimitsOf, type UploadLimits, type UploadsService } from './uploads.service'

export interface ImportsDeps {
  db: SystemDb
  repo: UploadsRepo
  datasetsRepo: DatasetsRepo
  datasets: DatasetsService
  uploads: UploadsService
  audit: AuditRepo
  warehouse: Warehouse
  hub: ProgressHub
  paths: UploadPaths
  limits: UploadLimits
  logger: FastifyBaseLogger | null
  metrics: Pick<VitrinaMetrics, 'uploads' | 'rowsIngested'>
  /** Called after a commit that changed a dataset's rows (the query cache drops its entries at once). */
  onDataChanged: (datasetId: string) => void
}

type StartOptions = Required<StartImportBody>

/** A prepared import: the batch row exists, the original is kept; `run` does the work. */
interface Prepared {
  job: ImportJob
  actor: Actor | null
}

export function createImportsService(deps: ImportsDeps) {
  const { repo, hub } = deps
  const running = new Set<Promise<unknown>>()

  async function batchOf(datasetId: string, batchId: string): Promise<BatchRow> {
    const b = await repo.findBatch(datasetId, batchId)
    if (!b) throw new NotFoundError('Batch')
    return (await reaped(b)) ?? b
  }

  /**
   * A batch still `running` long after any import could (reading is bounded by the parse time limit) belongs
   * to a process that stopped: it is marked failed, so it can be rolled back and followers stop waiting.
   */
  async function reaped(b: BatchRow): Promise<BatchRow | null> {
    const deadline = b.created_at.getTime() + 2 * deps.limits.parseTimeoutMs + 10 * 60_000
    if (b.status !== 'running' || hub.running(b.id) || Date.now() < deadline) return null
    await repo.failRunning(b.id, {
      code: 'INTERNAL',
      message:
        'The server stopped while this import was running; roll the batch back to remove any rows it left',
    })
    return repo.findBatch(b.dataset_id, b.id)
  }

  /** 409 naming the later batch(es) that replaced rows of the one being rolled back. */
  async function blocked(datasetId: string, replacedBy: string[]): Promise<AppError> {
    const known = await repo.batchRefs(datasetId, replacedBy)
    const later: BatchRef[] =
      known.length > 0 ? known : replacedBy.map((id) => ({ id, fileName: id, createdAt: '' }))
    const newest = later[0] as BatchRef
    return new AppError(
      409,
      'BATCH_ROLLBACK_BLOCKED',
      `Roll back "${newest.fileName}"${newest.createdAt ? ` (uploaded ${newest.createdAt})` : ''} first: it replaced rows this batch loaded`,
      { blockedBy: later },
    )
  }

  function checkMode(dataset: Dataset, opts: Pick<StartOptions, 'mode' | 'periodColumn'>): void {
    if (opts.mode === 'replace-period') {
      const col = dataset.columns.find((c) => c.identifier === opts.periodColumn)
      if (!col || (col.type !== 'date' && col.type !== 'timestamp')) {
        throw new AppError(
          400,
          'UPLOAD_PERIOD_COLUMN_REQUIRED',
          'Replacing a period needs `periodColumn`: a date or timestamp column of the dataset',
        )
      }
    }
    if (opts.mode === 'upsert' && dataset.keyColumns.length === 0) {
      throw new AppError(
        400,
        'UPLOAD_KEY_REQUIRED',
        `Dataset "${dataset.name}" has no key columns to upsert by`,
      )
    }
  }

  async function persist(job: ImportJob, actor: Actor | null, r: ImportResult): Promise<void> {
    const id = job.batchId
    await deps.db.transaction().execute(async (trx) => {
      await repo.finishBatch(
        id,
        {
          status: r.status,
          rowsParsed: r.rowsParsed,
          rowsInserted: r.inserted,
          rowsUpdated: r.updated,
          rowsDeleted: r.deleted,
          rowsQuarantined: r.quarantined.length,
          errorCount: r.errorCount,
          errors: r.errors,
          notes: r.notes,
          error: null,
          errorReportPath: r.errorReportPath,
        },
        trx,
      )
      if (r.status === 'loaded') {
        await repo.insertReplacements(id, r.replaced, trx)
        await repo.insertQuarantine(
          r.quarantined.map((q) => ({
            id: newId(),
            datasetId: job.dataset.id,
            batchId: id,
            sourceRow: q.sourceRow,
            values: q.values,
            errors: q.errors,
          })),
          trx,
        )
        await deps.datasetsRepo.rowsChanged(job.dataset.id, r.inserted - r.deleted, true, trx)
      }
      await deps.audit.record(
        {
          action: r.status === 'loaded' ? 'dataset.batch_loaded' : 'dataset.batch_rejected',
          actor,
          target: { type: 'dataset', id: job.dataset.id },
          details: {
            batchId: id,
            fileName: job.fileName,
            sheet: job.sheet,
            mode: job.mode,
            rowsParsed: r.rowsParsed,
            inserted: r.inserted,
            updated: r.updated,
            deleted: r.deleted,
            quarantined: r.quarantined.length,
            errorCount: r.errorCount,
          },
        },
        trx,
      )
    })
    if (r.status === 'loaded') deps.onDataChanged(job.dataset.id)
  }

  /** Runs a prepared import to its end; never throws (a failure is recorded on the batch). */
  async function execute(p: Prepared, onProgress?: (progress: ImportProgress) => void): Promise<void> {
    const { job } = p
    const progress = hub.start(job.batchId, Number((await batchOf(job.dataset.id, job.batchId)).size_bytes))
    const changed = () => {
      hub.changed(job.batchId)
      onProgress?.(progress)
    }
    try {
      const result = await runImport(
        deps.warehouse,
        job,
        {
          parseTimeoutMs: deps.limits.parseTimeoutMs,
          file: ingestLimitsOf(deps.limits),
          reportPath: deps.paths.report(job.batchId),
        },
        progress,
        changed,
      )
      await persist(job, p.actor, result)
      const engine = deps.warehouse.dialect
      deps.metrics.uploads.inc({ engine, status: result.status })
      deps.metrics.rowsIngested.inc({ engine }, result.inserted + result.updated)
    } catch (e) {
      deps.metrics.uploads.inc({ engine: deps.warehouse.dialect, status: 'failed' })
      const error = failureOf(e)
      if (error.code === 'INTERNAL') deps.logger?.error({ err: e, batchId: job.batchId }, 'import failed')
      await repo
        .finishBatch(job.batchId, {
          status: 'failed',
          rowsParsed: progress.rowsParsed,
          rowsInserted: 0,
          rowsUpdated: 0,
          rowsDeleted: 0,
          rowsQuarantined: 0,
          errorCount: 0,
          errors: [],
          notes: job.notes,
          error,
          errorReportPath: null,
        })
        .catch((err: unknown) => deps.logger?.error({ err }, 'could not record a failed import'))
    } finally {
      hub.finish(job.batchId)
    }
  }

  function inBackground(p: Prepared): void {
    const run = execute(p).finally(() => running.delete(run))
    running.add(run)
  }

  async function newBatch(
    actor: Actor | null,
    dataset: { id: string },
    upload: { path: string; file_name: string; size_bytes: string | number; sha256: string },
    sheet: string,
    opts: { mode: StartOptions['mode']; periodColumn: string | null; quarantine: boolean },
    conn?: Parameters<UploadsRepo['insertBatch']>[1],
  ): Promise<string> {
    const id = newId()
    const original = deps.paths.original(dataset.id, id, upload.file_name)
    await keepCopy(upload.path, original)
    await repo.insertBatch(
      {
        id,
        datasetId: dataset.id,
        fileName: upload.file_name,
        sheet,
        sizeBytes: Number(upload.size_bytes),
        sha256: upload.sha256,
        mode: opts.mode,
        periodColumn: opts.periodColumn,
        quarantine: opts.quarantine,
        originalPath: original,
        createdBy: actor?.id ?? null,
      },
      conn,
    )
    return id
  }

  function jobFor(
    batchId: string,
    dataset: Dataset,
    upload: { path: string; file_name: string },
    preview: Preview,
    mapping: ColumnMapping,
    opts: { mode: StartOptions['mode']; periodColumn: string | null; quarantine: boolean },
  ): ImportJob {
    return {
      batchId,
      dataset,
      filePath: upload.path,
      fileName: upload.file_name,
      sheet: preview.sheet,
      layout: preview.layout,
      mapping,
      mode: opts.mode,
      periodColumn: opts.periodColumn,
      quarantine: opts.quarantine,
      notes: preview.notes.filter((n) => n.kind === 'column_without_header'),
    }
  }

  const service = {
    /**
     * Checks the request (permission, mode, duplicate, header) and starts the import. The file is read once
     * more in the background; follow it with `batch` / `events`.
     */
    async prepare(
      actor: Actor | null,
      datasetId: string,
      body: StartOptions,
      confirmDuplicate: boolean,
    ): Promise<Prepared> {
      const dataset = actor
        ? (await deps.datasets.authorize(actor, datasetId, 'upload')).dataset
        : await deps.datasets.load(datasetId)
      if (dataset.kind === 'linked') throw readOnlyError(dataset)
      const upload = await deps.uploads.own(actor, body.uploadId)
      checkMode(dataset, body)
      if (!confirmDuplicate) {
        const dup = await repo.findDuplicate(dataset.id, upload.sha256)
        if (dup) {
          throw new AppError(
            409,
            'UPLOAD_DUPLICATE',
            `This file was already uploaded to "${dataset.name}" on ${dup.created_at.toISOString()} (${dup.file_name})`,
            { batch: presentBatch(dup, hub.get(dup.id)) },
          )
        }
      }
      const preview = await deps.uploads.readPreview(upload, body.sheet)
      const mapping = deps.uploads.mapOnto(preview.layout, dataset)
      const batchId = await newBatch(actor, dataset, upload, preview.sheet, body)
      return { actor, job: jobFor(batchId, dataset, upload, preview, mapping, body) }
    },

    async start(
      actor: Actor,
      datasetId: string,
      body: StartOptions,
      confirmDuplicate: boolean,
    ): Promise<ApiBatch> {
      const p = await service.prepare(actor, datasetId, body, confirmDuplicate)
      inBackground(p)
      return presentBatch(await batchOf(datasetId, p.job.batchId), hub.get(p.job.batchId))
    },

    /** The CLI's import: prepared like an HTTP one, then run to its end in this call. */
    async importNow(
      actor: Actor | null,
      datasetId: string,
      body: StartOptions,
      checkDuplicate: boolean,
      onProgress: (progress: ImportProgress) => void,
    ): Promise<{ batch: ApiBatch; report: ValidationReport }> {
      const p = await service.prepare(actor, datasetId, body, !checkDuplicate)
      await execute(p, onProgress)
      const row = await batchOf(datasetId, p.job.batchId)
      return { batch: presentBatch(row, null), report: presentReport(row) }
    },

    /** Creates the dataset from the edited preview columns and imports the file into it (append). */
    async createFromUpload(
      actor: Actor,
      body: Required<CreateFromUploadBody>,
    ): Promise<{ dataset: ApiDataset; batch: ApiBatch }> {
      if (actor.role === 'viewer') throw new ForbiddenError('Only analysts and admins create datasets')
      const upload = await deps.uploads.own(actor, body.uploadId)
      const preview = await deps.uploads.readPreview(upload, body.sheet)
      const width = preview.layout.columns.length
      const bad = body.columns.find((c) => c.sourceIndex >= width)
      if (bad) {
        throw new AppError(
          400,
          'VALIDATION_FAILED',
          `Column "${bad.displayName}" points past the sheet's last column`,
        )
      }
      const columns: DatasetColumn[] = body.columns.map(({ sourceIndex: _s, ...c }) => ({
        ...c,
        enumValues: c.enumValues ?? null,
      }))
      const mapping: ColumnMapping = {
        sources: body.columns.map((c) => {
          const src = preview.layout.columns.find((l) => l.index === c.sourceIndex)
          return {
            index: c.sourceIndex,
            letter: src?.letter ?? columnLetter(c.sourceIndex),
            header: src?.header ?? '',
          }
        }),
        unmatched: [],
      }
      const opts = { mode: 'append' as const, periodColumn: null, quarantine: body.quarantine }
      let batchId = ''
      const created = await deps.datasets.create(
        actor,
        { name: body.name, description: body.description, columns, keyColumns: body.keyColumns },
        async (trx, d) => {
          batchId = await newBatch(actor, d, upload, preview.sheet, opts, trx)
        },
      )
      const dataset = await deps.datasets.load(created.id)
      inBackground({ actor, job: jobFor(batchId, dataset, upload, preview, mapping, opts) })
      return { dataset: created, batch: presentBatch(await batchOf(dataset.id, batchId), hub.get(batchId)) }
    },

    async batches(actor: Actor, datasetId: string): Promise<ApiBatch[]> {
      await deps.datasets.authorize(actor, datasetId, 'view')
      const rows = await repo.listBatches(datasetId)
      const fresh = await Promise.all(rows.map(async (b) => (await reaped(b)) ?? b))
      const blockers = await repo.blockers(datasetId)
      return fresh.map((b) => presentBatch(b, hub.get(b.id), blockers.get(b.id) ?? null))
    },

    async batch(actor: Actor | null, datasetId: string, batchId: string): Promise<ApiBatch> {
      if (actor) await deps.datasets.authorize(actor, datasetId, 'view')
      const b = await batchOf(datasetId, batchId)
      return presentBatch(b, hub.get(batchId), (await repo.blockers(datasetId)).get(b.id) ?? null)
    },

    /** Calls `send` with the batch now and after each change, until it is no longer running. */
    async follow(
      actor: Actor,
      datasetId: string,
      batchId: string,
      send: (b: ApiBatch) => boolean,
    ): Promise<void> {
      await deps.datasets.authorize(actor, datasetId, 'view')
      // While this process runs the import only the live counters change: the batch row is read again
      // only once it has finished (or when another process runs it).
      let row = await batchOf(datasetId, batchId)
      for (;;) {
        const b = presentBatch(row, hub.get(batchId))
        if (!send(b) || b.status !== 'running') return
        await hub.next(batchId, 1000)
        if (!hub.running(batchId)) row = await batchOf(datasetId, batchId)
      }
    },

    async report(actor: Actor, datasetId: string, batchId: string): Promise<ValidationReport> {
      await deps.datasets.authorize(actor, datasetId, 'view')
      return presentReport(await batchOf(datasetId, batchId))
    },

    async errorReportFile(
      actor: Actor,
      datasetId: string,
      batchId: string,
    ): Promise<{ path: string; fileName: string }> {
      await deps.datasets.authorize(actor, datasetId, 'view')
      const b = await batchOf(datasetId, batchId)
      if (!b.error_report_path || !existsSync(b.error_report_path))
        throw new AppError(404, 'BATCH_FILE_MISSING', 'This batch has no error report')
      return { path: b.error_report_path, fileName: `${b.file_name.replace(/\.[^.]+$/, '')}-ошибки.xlsx` }
    },

    async originalFile(
      actor: Actor,
      datasetId: string,
      batchId: string,
    ): Promise<{ path: string; fileName: string }> {
      await deps.datasets.authorize(actor, datasetId, 'upload')
      const b = await batchOf(datasetId, batchId)
      if (!b.original_path || !existsSync(b.original_path))
        throw new AppError(404, 'BATCH_FILE_MISSING', 'The original file of this batch is not kept')
      return { path: b.original_path, fileName: b.file_name }
    },

    /**
     * Deletes the rows the batch loaded and restores the rows it replaced, in one warehouse transaction; bumps
     * the data version. Refused (409 BATCH_ROLLBACK_BLOCKED, nothing changed) while a later batch that replaced
     * rows of this one is in effect: that one must be rolled back first.
     */
    async rollback(actor: Actor | null, datasetId: string, batchId: string): Promise<ApiBatch> {
      const dataset = actor
        ? (await deps.datasets.authorize(actor, datasetId, 'edit')).dataset
        : await deps.datasets.load(datasetId)
      const b = await batchOf(datasetId, batchId)
      if ((b.status !== 'loaded' && b.status !== 'failed') || b.mode === 'manual') {
        throw new AppError(
          409,
          'BATCH_NOT_ROLLBACKABLE',
          `A batch that is "${b.status}" cannot be rolled back`,
        )
      }
      const done = await deps.warehouse.rollbackBatch(dataset.table, dataset.columns, batchId)
      if (done.status === 'blocked') throw await blocked(dataset.id, done.replacedBy)
      await deps.db.transaction().execute(async (trx) => {
        await repo.markRolledBack(batchId, actor?.id ?? null, done.restored, trx)
        await repo.deleteQuarantineOfBatch(batchId, trx)
        await deps.datasetsRepo.rowsChanged(dataset.id, done.restored - done.deleted, false, trx)
        await deps.audit.record(
          {
            action: 'dataset.batch_rolled_back',
            actor,
            target: { type: 'dataset', id: dataset.id },
            details: {
              batchId,
              fileName: b.file_name,
              mode: b.mode,
              rowsDeleted: done.deleted,
              rowsRestored: done.restored,
            },
          },
          trx,
        )
      })
      deps.onDataChanged(dataset.id)
      return presentBatch(await batchOf(datasetId, batchId), null)
    },

    async quarantine(
      actor: Actor,
      datasetId: string,
      q: { batchId?: string; offset: number; limit: number },
    ): Promise<QuarantinePage> {
      await deps.datasets.authorize(actor, datasetId, 'view')
      const page = await repo.listQuarantine(datasetId, q.batchId ?? null, q.offset, q.limit)
      return { rows: page.rows.map(presentQuarantineRow), total: page.total }
    },

    async dismissQuarantined(actor: Actor, datasetId: string, rowId: string): Promise<void> {
      await deps.datasets.authorize(actor, datasetId, 'edit')
      const row = await repo.findQuarantine(datasetId, rowId)
      if (!row) throw new NotFoundError('Quarantined row')
      await deps.db.transaction().execute(async (trx) => {
        await repo.deleteQuarantine(rowId, trx)
        await deps.audit.record(
          {
            action: 'dataset.quarantine_dismissed',
            actor,
            target: { type: 'dataset', id: datasetId },
            details: { batchId: row.batch_id, sourceRow: row.source_row, values: row.values },
          },
          trx,
        )
      })
    },

    /** File names of the batches still running into the dataset (those of a stopped process are reaped). */
    async runningInto(datasetId: string): Promise<string[]> {
      const rows = await repo.listBatches(datasetId)
      const fresh = await Promise.all(rows.map(async (b) => (await reaped(b)) ?? b))
      return fresh.filter((b) => b.status === 'running').map((b) => b.file_name)
    },

    /** Waits for the imports running in this process (shutdown, tests). */
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.allSettled([...running])
    },
  }
  return service
}

export type ImportsService = ReturnType<typeof createImportsService>
