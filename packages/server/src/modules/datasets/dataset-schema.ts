import { rm } from 'node:fs/promises'
import type { AddColumnBody, ApiDataset, DatasetColumn } from '@vitrina/contracts'
import { toIdentifier } from '@vitrina/ingest'
import type { FastifyBaseLogger } from 'fastify'
import type { SystemDb } from '../../db/system-db'
import { AppError } from '../../http/errors'
import type { Actor } from '../../http/principal'
import { BATCH_COLUMN, type Warehouse } from '../../warehouse'
import { historyRef } from '../../warehouse/history'
import { quoteIdent, quoteTable } from '../../warehouse/sql'
import type { AuditRepo } from '../audit/audit.repo'
import { readOnlyError } from '../dataset-rows/dataset-reader'
import { questionsReading } from './dataset-usage'
import { type Dataset, presentDataset } from './datasets.presenter'
import type { DatasetsRepo } from './datasets.repo'
import type { DatasetsService } from './datasets.service'

export interface DatasetSchemaDeps {
  db: SystemDb
  repo: DatasetsRepo
  audit: AuditRepo
  warehouse: Warehouse
  datasets: DatasetsService
  /** The folder of a dataset's kept original files. */
  originalsOf: (datasetId: string) => string
  /** Batches of the dataset still running (the imports service knows which are really alive). */
  runningImports: (datasetId: string) => Promise<string[]>
  logger: FastifyBaseLogger | null
  onDataChanged: (datasetId: string) => void
  /** After a column is added or a dataset dropped: main.ts re-reads the warehouse catalog. */
  onSchemaChanged: () => Promise<void>
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase()

/** Changes of a dataset after it was created: a new column, or the whole dataset dropped. */
export function createDatasetSchemaChanges(deps: DatasetSchemaDeps) {
  const { repo } = deps

  const schemaChanged = () =>
    deps.onSchemaChanged().catch((err: unknown) => deps.logger?.warn({ err }, 'catalog refresh failed'))

  /** A linked dataset goes without touching its source: only Vitrina's record of it (and its permissions). */
  async function unlink(actor: Actor, dataset: Dataset): Promise<void> {
    await deps.db.transaction().execute(async (trx) => {
      await repo.remove(dataset.id, trx)
      await deps.audit.record(
        {
          action: 'dataset.deleted',
          actor,
          target: { type: 'dataset', id: dataset.id },
          details: { name: dataset.name, table: dataset.table, sourceId: dataset.sourceId, linked: true },
        },
        trx,
      )
    })
    deps.onDataChanged(dataset.id)
  }

  return {
    /**
     * Adds a nullable column to the table (and its history), then the schema: one system-DB transaction with
     * the version bump and the audit event. If that fails, the warehouse column is taken back out.
     */
    async addColumn(actor: Actor, id: string, body: Required<AddColumnBody>): Promise<ApiDataset> {
      const { dataset, access } = await deps.datasets.authorize(actor, id, 'edit')
      // A linked dataset's columns are its source table's (re-read with POST …/sync).
      if (dataset.kind === 'linked') throw readOnlyError(dataset)
      const taken = new Set([...dataset.columns.map((c) => c.identifier), BATCH_COLUMN])
      const identifier = body.identifier ?? toIdentifier(body.displayName, new Set(taken))
      const clash = dataset.columns.find(
        (c) => c.identifier === identifier || norm(c.displayName) === norm(body.displayName),
      )
      if (clash || taken.has(identifier)) {
        throw new AppError(
          409,
          'DATASET_COLUMN_TAKEN',
          `Dataset "${dataset.name}" already has a column "${clash?.displayName ?? identifier}"`,
          { identifier, displayName: body.displayName },
        )
      }
      if (body.enumValues && body.type !== 'text')
        throw new AppError(400, 'VALIDATION_FAILED', 'Only a text column can have a list of allowed values')
      const column: DatasetColumn = {
        displayName: body.displayName,
        identifier,
        type: body.type,
        required: false,
        enumValues: body.enumValues,
      }
      await deps.warehouse.addColumn(dataset.table, column)
      try {
        await deps.db.transaction().execute(async (trx) => {
          await repo.setColumns(id, [...dataset.columns, column], trx)
          await deps.audit.record(
            { action: 'dataset.column_added', actor, target: { type: 'dataset', id }, details: { column } },
            trx,
          )
        })
      } catch (e) {
        for (const ref of [dataset.table, historyRef(dataset.table)]) {
          await deps.warehouse
            .runQuery({
              sql: `ALTER TABLE ${quoteTable(ref)} DROP COLUMN ${quoteIdent(identifier)}`,
              params: [],
            })
            .catch(() => undefined)
        }
        throw e
      }
      deps.onDataChanged(id)
      await schemaChanged()
      return presentDataset(await deps.datasets.load(id), access)
    },

    /**
     * Deletes the dataset: its metadata, permissions, batches and quarantine in one system-DB transaction with
     * the audit event, then its table and history table and its kept files. Refused while an import into it
     * runs, and (unless `force`) while saved questions read it.
     */
    async remove(actor: Actor, id: string, force: boolean): Promise<void> {
      const { dataset } = await deps.datasets.authorize(actor, id, 'edit')
      if (dataset.kind === 'linked') return unlink(actor, dataset)
      const running = await deps.runningImports(id)
      if (running.length > 0) {
        throw new AppError(
          409,
          'DATASET_IMPORT_RUNNING',
          `An upload into "${dataset.name}" is running (${running.join(', ')}); delete the dataset after it ends`,
          { files: running },
        )
      }
      const questions = await questionsReading(deps.db, dataset.table, deps.warehouse.dialect)
      if (questions.length > 0 && !force) {
        throw new AppError(
          409,
          'DATASET_IN_USE',
          `Saved questions read "${dataset.name}": ${questions.map((q) => `"${q.name}"`).join(', ')}; they stop working if it is deleted`,
          { questions },
        )
      }
      const reports = await deps.db
        .selectFrom('dataset_batches')
        .select('error_report_path')
        .where('dataset_id', '=', id)
        .where('error_report_path', 'is not', null)
        .execute()
      await deps.db.transaction().execute(async (trx) => {
        await repo.remove(id, trx)
        await deps.audit.record(
          {
            action: 'dataset.deleted',
            actor,
            target: { type: 'dataset', id },
            details: {
              name: dataset.name,
              table: dataset.table,
              rowCount: dataset.rowCount,
              forced: questions.length > 0,
              questions: questions.map((q) => q.id),
            },
          },
          trx,
        )
      })
      // The metadata is gone, so nothing reads the table any more; a failed drop leaves an unused table.
      await deps.warehouse
        .dropTable(dataset.table)
        .catch((err: unknown) =>
          deps.logger?.error({ err, table: dataset.table }, 'could not drop a dataset table'),
        )
      await rm(deps.originalsOf(id), { recursive: true, force: true })
      for (const r of reports) if (r.error_report_path) await rm(r.error_report_path, { force: true })
      deps.onDataChanged(id)
      await schemaChanged()
    },
  }
}

export type DatasetSchemaChanges = ReturnType<typeof createDatasetSchemaChanges>
