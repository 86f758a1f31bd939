import type {
  ApiDataset,
  CatalogColumnType,
  ColumnType,
  DatasetColumn,
  LinkDatasetBody,
  SourceCatalog,
  SqlDialect,
} from '@vitrina/contracts'
import { sqlIdentifierSchema } from '@vitrina/contracts'
import type { SystemDb } from '../../db/system-db'
import { AppError, assertUnreachable, ForbiddenError } from '../../http/errors'
import type { Actor } from '../../http/principal'
import { newId } from '../../lib/tokens'
import type { SourceDriver } from '../../sources/source-driver'
import type { AuditRepo } from '../audit/audit.repo'
import { type Dataset, presentDataset } from './datasets.presenter'
import type { DatasetsRepo } from './datasets.repo'
import type { DatasetsService } from './datasets.service'

/** What linking needs from the sources module (main.ts passes `queryFeature.sources`, built after datasets). */
export interface LinkedSourceAccess {
  /** The source and its driver, without a user's grant: the linked dataset's permissions govern reading it. */
  forDataset(id: string): Promise<{
    row: { id: string; name: string; kind: string; settings: unknown }
    dialect: SqlDialect | null
    driver(): Promise<SourceDriver>
  }>
  /** Reads the source's catalog now. */
  sync(id: string): Promise<SourceCatalog>
}

/** Dialects the rows grid writes SQL for (rows-sql.ts): linked datasets live on these sources. */
const LINKABLE = new Set<SqlDialect>(['postgres', 'duckdb'])

const invalid = (message: string, details: Record<string, unknown> = {}) =>
  new AppError(400, 'DATASET_LINK_INVALID', message, details)

function columnType(type: CatalogColumnType): ColumnType {
  switch (type) {
    case 'text':
    case 'integer':
    case 'decimal':
    case 'boolean':
    case 'date':
    case 'timestamp':
      return type
    case 'float':
      return 'decimal'
    case 'other':
      return 'text'
    default:
      return assertUnreachable(type)
  }
}

/**
 * A linked dataset's columns: the table's columns in the source's catalog whose names can be identifiers as
 * they are (the grid quotes them verbatim); the others are listed so the caller can say they were left out.
 */
export function linkedColumns(
  catalog: SourceCatalog,
  table: { schema: string; name: string },
): { columns: DatasetColumn[]; skipped: string[] } {
  const found = catalog.tables.find((t) => t.schema === table.schema && t.name === table.name)
  if (!found) {
    throw invalid(`The source has no table or view ${table.schema}.${table.name} (catalog synced just now)`, {
      table,
    })
  }
  const columns: DatasetColumn[] = []
  const skipped: string[] = []
  for (const c of found.columns) {
    if (!sqlIdentifierSchema.safeParse(c.name).success || c.name === '_batch_id') skipped.push(c.name)
    else
      columns.push({
        displayName: c.name,
        identifier: c.name,
        type: columnType(c.type),
        required: false,
        enumValues: null,
      })
  }
  if (columns.length === 0)
    throw invalid(`${table.schema}.${table.name} has no column Vitrina can read`, { table, skipped })
  return { columns, skipped }
}

const sameColumns = (a: DatasetColumn[], b: DatasetColumn[]) => JSON.stringify(a) === JSON.stringify(b)

/**
 * Linked (external, read-only) datasets: a table or view of an added PostgreSQL or DuckDB source, shown in the
 * Data section like any dataset, read through the source's driver. Admins link them (they decide what a
 * source exposes); per-dataset permissions then govern who reads them.
 */
export function createLinkedDatasets(deps: {
  db: SystemDb
  repo: DatasetsRepo
  audit: AuditRepo
  datasets: DatasetsService
  sources: () => LinkedSourceAccess
}) {
  const { repo } = deps

  async function linkable(sourceId: string) {
    const source = await deps.sources().forDataset(sourceId)
    if (source.row.kind === 'warehouse')
      throw invalid(
        'Tables of the built-in warehouse are datasets of their own; link a table of an added source',
      )
    if (!source.dialect || !LINKABLE.has(source.dialect))
      throw invalid(`Only PostgreSQL and DuckDB sources can be linked (this one is ${source.row.kind})`, {
        kind: source.row.kind,
      })
    return source
  }

  async function assertNameFree(name: string, exceptId: string | null) {
    const existing = await repo.findByName(name)
    if (existing && existing.id !== exceptId)
      throw new AppError(409, 'DATASET_NAME_TAKEN', `A dataset named "${name}" already exists`)
  }

  const admin = (actor: Actor) => {
    if (actor.role !== 'admin') throw new ForbiddenError('Only admins link datasets to sources')
  }

  async function create(
    actor: Actor,
    body: Required<LinkDatasetBody>,
    columns: DatasetColumn[],
    skipped: string[],
  ): Promise<Dataset> {
    await assertNameFree(body.name, null)
    const linked = await repo.findLink(body.sourceId, body.table)
    if (linked) throw invalid(`${body.table.schema}.${body.table.name} is linked already as "${linked.name}"`)
    const id = newId()
    await deps.db.transaction().execute(async (trx) => {
      await repo.insert(
        {
          id,
          name: body.name,
          description: body.description,
          tableSchema: body.table.schema,
          tableName: body.table.name,
          columns,
          keyColumns: [],
          createdBy: actor.id,
          sourceId: body.sourceId,
        },
        trx,
      )
      await deps.audit.record(
        {
          action: 'dataset.linked',
          actor,
          target: { type: 'dataset', id },
          details: { name: body.name, sourceId: body.sourceId, table: body.table, columns, skipped },
        },
        trx,
      )
    })
    return deps.datasets.load(id)
  }

  /** The columns again from the catalog; a change bumps the version (cached results drop) and is audited. */
  async function resync(
    actor: Actor,
    dataset: Dataset,
    columns: DatasetColumn[],
    patch: { name: string; description: string } | null,
  ): Promise<boolean> {
    const renamed =
      patch !== null && (patch.name !== dataset.name || patch.description !== dataset.description)
    if (sameColumns(columns, dataset.columns) && !renamed) return false
    if (patch && patch.name !== dataset.name) await assertNameFree(patch.name, dataset.id)
    await deps.db.transaction().execute(async (trx) => {
      if (!sameColumns(columns, dataset.columns)) await repo.setColumns(dataset.id, columns, trx)
      if (renamed && patch) await repo.update(dataset.id, patch, trx)
      await deps.audit.record(
        {
          action: 'dataset.link_synced',
          actor,
          target: { type: 'dataset', id: dataset.id },
          details: {
            before: { columns: dataset.columns },
            after: { columns },
            ...(renamed && { rename: patch }),
          },
        },
        trx,
      )
    })
    return true
  }

  return {
    async link(actor: Actor, body: Required<LinkDatasetBody>): Promise<ApiDataset> {
      admin(actor)
      await linkable(body.sourceId)
      const { columns, skipped } = linkedColumns(await deps.sources().sync(body.sourceId), body.table)
      return presentDataset(await create(actor, body, columns, skipped), 'manage')
    },

    /** Admins: re-reads a linked dataset's columns from its source's catalog. */
    async sync(actor: Actor, id: string): Promise<ApiDataset> {
      admin(actor)
      const dataset = await deps.datasets.load(id)
      if (dataset.kind !== 'linked' || !dataset.sourceId)
        throw invalid(`"${dataset.name}" is not a linked dataset`)
      const { columns } = linkedColumns(await deps.sources().sync(dataset.sourceId), dataset.table)
      await resync(actor, dataset, columns, null)
      return presentDataset(await deps.datasets.load(id), 'manage')
    },

    /**
     * Creates the link, or brings an existing link of the same table up to date (columns, name, description):
     * safe to repeat. `catalog` is the source's catalog, synced by the caller once for several tables.
     */
    async ensure(
      actor: Actor,
      body: Required<LinkDatasetBody>,
      catalog: SourceCatalog,
    ): Promise<{ action: 'created' | 'updated' | 'unchanged'; dataset: ApiDataset }> {
      admin(actor)
      await linkable(body.sourceId)
      const { columns, skipped } = linkedColumns(catalog, body.table)
      const existing = await repo.findLink(body.sourceId, body.table)
      if (!existing)
        return {
          action: 'created',
          dataset: presentDataset(await create(actor, body, columns, skipped), 'manage'),
        }
      const dataset = await deps.datasets.load(existing.id)
      const changed = await resync(actor, dataset, columns, {
        name: body.name,
        description: body.description,
      })
      return {
        action: changed ? 'updated' : 'unchanged',
        dataset: presentDataset(await deps.datasets.load(existing.id), 'manage'),
      }
    },
  }
}

export type LinkedDatasets = ReturnType<typeof createLinkedDatasets>
