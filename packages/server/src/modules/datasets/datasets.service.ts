import type {
  ApiDataset,
  ApiDatasetPermission,
  AuditPage,
  CreateDatasetBody,
  DatasetAccess,
  DatasetColumn,
  DatasetPermissionEntry,
  UpdateDatasetBody,
} from '@vitrina/contracts'
import { toIdentifier } from '@vitrina/ingest'
import type { Kysely } from 'kysely'
import type { SystemDatabase } from '../../db/schema'
import type { SystemDb } from '../../db/system-db'
import { AppError, ForbiddenError, NotFoundError } from '../../http/errors'
import type { Actor } from '../../http/principal'
import { newId } from '../../lib/tokens'
import type { Warehouse } from '../../warehouse'
import { quoteTable } from '../../warehouse/sql'
import { presentAuditEvent } from '../audit/audit.presenter'
import type { AuditRepo } from '../audit/audit.repo'
import { accessOf, allows } from './datasets.policy'
import { type Dataset, presentDataset, toDataset } from './datasets.presenter'
import type { DatasetsRepo } from './datasets.repo'

/** Warehouse schema that holds every dataset table. */
export const DATASETS_SCHEMA = 'datasets'

export interface DatasetsDeps {
  db: SystemDb
  repo: DatasetsRepo
  audit: AuditRepo
  warehouse: Warehouse
}

/** A dataset schema the warehouse and validation can rely on: unique identifiers, keys among the columns. */
export function checkSchema(columns: DatasetColumn[], keyColumns: string[]): void {
  const ids = new Set<string>()
  for (const c of columns) {
    if (ids.has(c.identifier))
      throw new AppError(400, 'VALIDATION_FAILED', `Column identifier "${c.identifier}" is used twice`)
    ids.add(c.identifier)
  }
  for (const k of keyColumns) {
    if (!ids.has(k)) throw new AppError(400, 'DATASET_COLUMN_UNKNOWN', `Key column "${k}" is not a column`)
  }
}

export function createDatasetsService(deps: DatasetsDeps) {
  const { repo } = deps

  async function load(id: string): Promise<Dataset> {
    const row = await repo.find(id)
    if (!row) throw new NotFoundError('Dataset')
    return toDataset(row)
  }

  async function accessFor(actor: Actor, datasetId: string): Promise<DatasetAccess | null> {
    if (actor.role === 'admin') return 'manage'
    return accessOf(
      actor,
      (await repo.levelsFor(actor.id, datasetId)).map((l) => l.level),
    )
  }

  /** The dataset, if the caller has at least `needed`; 404 when it does not exist, 403 when not allowed. */
  async function authorize(
    actor: Actor,
    id: string,
    needed: DatasetAccess,
  ): Promise<{ dataset: Dataset; access: DatasetAccess }> {
    const dataset = await load(id)
    const access = await accessFor(actor, id)
    if (!allows(access, needed) || access === null) {
      throw new ForbiddenError(`You need "${needed}" permission on dataset "${dataset.name}"`)
    }
    return { dataset, access }
  }

  async function assertNameFree(name: string, exceptId: string | null): Promise<void> {
    const existing = await repo.findByName(name)
    if (existing && existing.id !== exceptId)
      throw new AppError(409, 'DATASET_NAME_TAKEN', `A dataset named "${name}" already exists`)
  }

  async function tableNameFor(name: string): Promise<string> {
    const taken = new Set(await repo.tableNames(DATASETS_SCHEMA))
    return toIdentifier(name, taken)
  }

  return {
    load,
    authorize,

    async byName(name: string): Promise<Dataset> {
      const row = await repo.findByName(name)
      if (!row) throw new AppError(404, 'NOT_FOUND', `No dataset named "${name}"`)
      return load(row.id)
    },
    accessFor,

    async list(actor: Actor): Promise<ApiDataset[]> {
      const rows = await repo.list()
      if (actor.role === 'admin') return rows.map((r) => presentDataset(toDataset(r), 'manage'))
      const levels = await repo.levelsFor(actor.id, null)
      const out: ApiDataset[] = []
      for (const r of rows) {
        const access = accessOf(
          actor,
          levels.filter((l) => l.dataset_id === r.id).map((l) => l.level),
        )
        if (access) out.push(presentDataset(toDataset(r), access))
      }
      return out
    },

    async get(actor: Actor, id: string): Promise<ApiDataset> {
      const { dataset, access } = await authorize(actor, id, 'view')
      return presentDataset(dataset, access)
    },

    /**
     * Creates the warehouse table, then the metadata; the creator (if not an admin) gets `edit`.
     * `onCreated` runs in the same system-DB transaction (the import writes its batch there).
     */
    async create(
      actor: Actor,
      body: { name: string; description: string; columns: DatasetColumn[]; keyColumns: string[] },
      onCreated?: (trx: Kysely<SystemDatabase>, dataset: { id: string }) => Promise<void>,
    ): Promise<ApiDataset> {
      if (actor.role === 'viewer') throw new ForbiddenError('Only analysts and admins create datasets')
      checkSchema(body.columns, body.keyColumns)
      await assertNameFree(body.name, null)
      const id = newId()
      const tableName = await tableNameFor(body.name)
      const table = { schema: DATASETS_SCHEMA, name: tableName }
      await deps.warehouse.createTable(table, body.columns)
      try {
        await deps.db.transaction().execute(async (trx) => {
          await repo.insert(
            {
              id,
              name: body.name,
              description: body.description,
              tableSchema: DATASETS_SCHEMA,
              tableName,
              columns: body.columns,
              keyColumns: body.keyColumns,
              createdBy: actor.id,
            },
            trx,
          )
          if (actor.role !== 'admin') await repo.grant(id, actor.id, 'edit', trx)
          await deps.audit.record(
            {
              action: 'dataset.created',
              actor,
              target: { type: 'dataset', id },
              details: {
                name: body.name,
                table: tableName,
                columns: body.columns,
                keyColumns: body.keyColumns,
              },
            },
            trx,
          )
          await onCreated?.(trx, { id })
        })
      } catch (e) {
        // The metadata did not land (a name taken meanwhile, a failed hook): take the new table back out.
        await deps.warehouse
          .runQuery({ sql: `DROP TABLE IF EXISTS ${quoteTable(table)}`, params: [] })
          .catch(() => undefined)
        throw e
      }
      const created = await load(id)
      return presentDataset(created, actor.role === 'admin' ? 'manage' : 'edit')
    },

    async createEmpty(actor: Actor, body: CreateDatasetBody & { description: string }): Promise<ApiDataset> {
      return this.create(actor, {
        name: body.name,
        description: body.description,
        columns: body.schema.columns.map((c) => ({ ...c, enumValues: c.enumValues ?? null })),
        keyColumns: body.schema.keyColumns ?? [],
      })
    },

    async update(actor: Actor, id: string, body: UpdateDatasetBody): Promise<ApiDataset> {
      const { dataset, access } = await authorize(actor, id, 'edit')
      if (body.name !== undefined) await assertNameFree(body.name, id)
      await deps.db.transaction().execute(async (trx) => {
        await repo.update(id, body, trx)
        await deps.audit.record(
          {
            action: 'dataset.updated',
            actor,
            target: { type: 'dataset', id },
            details: { before: { name: dataset.name, description: dataset.description }, after: body },
          },
          trx,
        )
      })
      return presentDataset(await load(id), access)
    },

    async permissions(actor: Actor, id: string): Promise<ApiDatasetPermission[]> {
      await authorize(actor, id, 'manage')
      return repo.permissions(id)
    },

    async setPermissions(
      actor: Actor,
      id: string,
      entries: DatasetPermissionEntry[],
    ): Promise<ApiDatasetPermission[]> {
      await authorize(actor, id, 'manage')
      const unique = new Map(entries.map((e) => [`${e.subjectType}:${e.subjectId}`, e]))
      const found = await repo.existingSubjects([...unique.values()])
      const missing = [...unique.keys()].filter((k) => !found.has(k))
      if (missing.length > 0)
        throw new AppError(400, 'VALIDATION_FAILED', `Unknown user or group: ${missing.join(', ')}`)
      await deps.db.transaction().execute(async (trx) => {
        const before = await repo.permissions(id, trx)
        await repo.replacePermissions(id, [...unique.values()], trx)
        // With the subjects' names, so the change log reads without looking ids up.
        const after = await repo.permissions(id, trx)
        await deps.audit.record(
          {
            action: 'dataset.permissions_changed',
            actor,
            target: { type: 'dataset', id },
            details: { before, after },
          },
          trx,
        )
      })
      return repo.permissions(id)
    },

    async changes(actor: Actor, id: string, q: { before?: string; limit: number }): Promise<AuditPage> {
      await authorize(actor, id, 'view')
      const before = q.before ? new Date(q.before) : null
      if (before && Number.isNaN(before.getTime()))
        throw new AppError(400, 'VALIDATION_FAILED', '`before` is not a date')
      const rows = await repo.changes(id, before, q.limit)
      const last = rows.at(-1)
      return {
        events: rows.map(presentAuditEvent),
        nextBefore: rows.length === q.limit && last ? last.at.toISOString() : null,
      }
    },

    /** Data version per dataset (all when `ids` is null): query caches key on it; every change bumps it. */
    async dataVersions(ids: string[] | null = null): Promise<Map<string, number>> {
      return repo.dataVersions(ids)
    },
  }
}

export type DatasetsService = ReturnType<typeof createDatasetsService>
