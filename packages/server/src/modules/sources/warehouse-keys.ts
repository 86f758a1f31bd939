import { type CatalogForeignKey, datasetReferenceSchema, type SourceCatalogTable } from '@vitrina/contracts'
import { z } from 'zod'
import type { SystemDb } from '../../db/system-db'
import { detectForeignKeys, uniqueKey } from '../../sources/fk-detection'

/** What the warehouse's own constraints do not say about dataset tables: their keys and declared references. */
export interface WarehouseKeys {
  /** `uniqueKey(schema, table, column)` of every single-column dataset key. */
  unique: Set<string>
  /** Declared references by `uniqueKey(schema, table, column)` of the referring column. */
  references: Map<string, CatalogForeignKey['references']>
}

type KeyTables = {
  datasets: {
    id: string
    /** `linked` datasets live in their own sources (migration 0009-linked-datasets). */
    kind: string
    updated_at: Date
    table_schema: string
    table_name: string
    key_columns: unknown
    column_references: unknown
  }
}

const keys = z.array(z.string())
const references = z.array(datasetReferenceSchema)
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v)

/** Reads dataset keys and references from the system DB (migrations 0002-datasets, 0010-dataset-references). */
export function systemWarehouseKeys(systemDb: SystemDb): () => Promise<WarehouseKeys> {
  const db = systemDb.withTables<KeyTables>()
  return async () => {
    const rows = await db
      .selectFrom('datasets')
      .select(['id', 'table_schema', 'table_name', 'key_columns', 'column_references'])
      .where('kind', '=', 'warehouse')
      .execute()
    const byId = new Map(rows.map((r) => [r.id, r]))
    const out: WarehouseKeys = { unique: new Set(), references: new Map() }
    for (const r of rows) {
      const key = keys.parse(json(r.key_columns))
      if (key.length === 1) out.unique.add(uniqueKey(r.table_schema, r.table_name, key[0]!))
      for (const ref of references.parse(json(r.column_references))) {
        const target = byId.get(ref.references.datasetId)
        if (!target) continue
        out.references.set(uniqueKey(r.table_schema, r.table_name, ref.column), {
          schema: target.table_schema,
          name: target.table_name,
          column: ref.references.column,
        })
      }
    }
    return out
  }
}

/** The warehouse catalog with declared dataset references (`detected: false`), then keys detected by naming. */
export function applyWarehouseKeys(tables: SourceCatalogTable[], keys: WarehouseKeys): SourceCatalogTable[] {
  const declared = tables.map((t) => {
    const added = t.columns.flatMap((c) => {
      const references = keys.references.get(uniqueKey(t.schema, t.name, c.name))
      if (!references || t.foreignKeys.some((fk) => fk.column === c.name && !fk.detected)) return []
      return [{ column: c.name, references, detected: false }]
    })
    // A name-detected key on the same column gives way to the declared one.
    const kept = t.foreignKeys.filter((fk) => !(fk.detected && added.some((a) => a.column === fk.column)))
    return added.length === 0 ? t : { ...t, foreignKeys: [...kept, ...added] }
  })
  return detectForeignKeys(declared, keys.unique)
}

/**
 * Changes whenever a dataset is created, deleted or changed (its schema, keys or rows): the warehouse catalog
 * is re-read when this differs from what it was at the last sync, so a new dataset is offered at once.
 */
export function systemWarehouseFingerprint(systemDb: SystemDb): () => Promise<string> {
  const db = systemDb.withTables<KeyTables>()
  return async () => {
    const row = await db
      .selectFrom('datasets')
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('updated_at').as('at')])
      .where('kind', '=', 'warehouse')
      .executeTakeFirst()
    return `${row?.n ?? 0}:${row?.at ? new Date(row.at).getTime() : 0}`
  }
}
