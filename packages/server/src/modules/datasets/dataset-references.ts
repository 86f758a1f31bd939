import {
  type DatasetReference,
  type DatasetReferences,
  datasetReferenceSchema,
  datasetReferencesSchema,
} from '@vitrina/contracts'
import { z } from 'zod'
import type { SystemDb } from '../../db/system-db'
import type { AppInstance } from '../../http/app-types'
import { AppError } from '../../http/errors'
import type { Actor } from '../../http/principal'
import { actorFrom } from '../../http/request-actor'
import type { AuditRepo } from '../audit/audit.repo'
import { datasetParams } from './datasets.routes'
import type { DatasetsService } from './datasets.service'

/** The column of migration 0010-dataset-references, read and written here only. */
type ReferenceTables = { datasets: { id: string; column_references: unknown } }

const stored = z.array(datasetReferenceSchema)
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v)

const invalid = (message: string, details: Record<string, unknown>) =>
  new AppError(400, 'DATASET_REFERENCE_INVALID', message, details)

/**
 * Declared references of dataset columns to another dataset's key (its single-column key, same type).
 * `onChanged` lets the warehouse catalog pick them up at once (they become its foreign keys).
 */
export function createDatasetReferences(deps: {
  db: SystemDb
  datasets: DatasetsService
  audit: AuditRepo
  onChanged?: () => Promise<void>
}) {
  const db = deps.db.withTables<ReferenceTables>()
  const read = async (id: string): Promise<DatasetReference[]> => {
    const row = await db
      .selectFrom('datasets')
      .select('column_references')
      .where('id', '=', id)
      .executeTakeFirst()
    return row ? stored.parse(json(row.column_references)) : []
  }

  async function check(actor: Actor, columns: Map<string, string>, refs: DatasetReference[]): Promise<void> {
    const seen = new Set<string>()
    for (const ref of refs) {
      const type = columns.get(ref.column)
      if (type === undefined)
        throw invalid(`"${ref.column}" is not a column of this dataset`, { column: ref.column })
      if (seen.has(ref.column))
        throw invalid(`Column "${ref.column}" refers to two datasets`, { column: ref.column })
      seen.add(ref.column)
      // A dataset the caller cannot see answers like one that does not exist.
      const target = await deps.datasets.load(ref.references.datasetId).catch(() => null)
      if (!target || (await deps.datasets.accessFor(actor, target.id)) === null)
        throw invalid('The referenced dataset does not exist', { datasetId: ref.references.datasetId })
      // A join needs both tables in one database: the warehouse (linked datasets live in their sources).
      if (target.sourceId !== null)
        throw invalid(`"${target.name}" is a linked dataset; references join datasets of the warehouse`, {
          datasetId: target.id,
        })
      if (target.keyColumns.length !== 1 || target.keyColumns[0] !== ref.references.column)
        throw invalid(`"${ref.references.column}" is not the key of "${target.name}"`, {
          datasetId: target.id,
          column: ref.references.column,
          keyColumns: target.keyColumns,
        })
      const targetType = target.columns.find((c) => c.identifier === ref.references.column)?.type
      if (targetType !== type)
        throw invalid(
          `"${ref.column}" (${type}) and "${ref.references.column}" (${targetType}) differ in type`,
          {
            column: ref.column,
          },
        )
    }
  }

  return {
    async get(actor: Actor, id: string): Promise<DatasetReferences> {
      await deps.datasets.authorize(actor, id, 'view')
      return { references: await read(id) }
    },

    async set(actor: Actor, id: string, body: DatasetReferences): Promise<DatasetReferences> {
      const { dataset } = await deps.datasets.authorize(actor, id, 'edit')
      if (dataset.sourceId !== null && body.references.length > 0)
        throw invalid(`"${dataset.name}" is a linked dataset; references join datasets of the warehouse`, {
          datasetId: dataset.id,
        })
      await check(actor, new Map(dataset.columns.map((c) => [c.identifier, c.type])), body.references)
      const before = await read(id)
      await deps.db.transaction().execute(async (trx) => {
        await trx
          .withTables<ReferenceTables>()
          .updateTable('datasets')
          .set({ column_references: JSON.stringify(body.references) })
          .where('id', '=', id)
          .execute()
        await deps.audit.record(
          {
            action: 'dataset.updated',
            actor,
            target: { type: 'dataset', id },
            details: { references: { before, after: body.references } },
          },
          trx,
        )
      })
      await deps.onChanged?.().catch(() => undefined)
      return { references: await read(id) }
    },
  }
}

export type DatasetReferencesService = ReturnType<typeof createDatasetReferences>

export function registerDatasetReferenceRoutes(
  app: AppInstance,
  deps: { references: DatasetReferencesService },
): void {
  const schema = { tags: ['datasets'], params: datasetParams, response: { 200: datasetReferencesSchema } }
  app.get('/api/datasets/:id/references', { config: { access: 'viewer' }, schema }, (request) =>
    deps.references.get(actorFrom(request), request.params.id),
  )
  app.put(
    '/api/datasets/:id/references',
    { config: { access: 'viewer' }, schema: { ...schema, body: datasetReferencesSchema } },
    (request) => deps.references.set(actorFrom(request), request.params.id, request.body),
  )
}
