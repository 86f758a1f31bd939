import {
  type ApiDataset,
  type DatasetAccess,
  type DatasetColumn,
  type DatasetKind,
  datasetColumnSchema,
  sqlIdentifierSchema,
} from '@vitrina/contracts'
import { z } from 'zod'
import type { DatasetRow } from './datasets.repo'

/** A dataset as services use it: the stored JSON parsed once. */
export interface Dataset {
  id: string
  name: string
  description: string
  kind: DatasetKind
  /** The source of a linked dataset; null for warehouse datasets. */
  sourceId: string | null
  table: { schema: string; name: string }
  columns: DatasetColumn[]
  keyColumns: string[]
  dataVersion: number
  rowCount: number
  row: DatasetRow
}

const storedColumns = z.array(datasetColumnSchema)
const storedKeys = z.array(sqlIdentifierSchema)

const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v)

export function toDataset(row: DatasetRow): Dataset {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    sourceId: row.source_id,
    table: { schema: row.table_schema, name: row.table_name },
    columns: storedColumns.parse(json(row.columns)),
    keyColumns: storedKeys.parse(json(row.key_columns)),
    dataVersion: row.data_version,
    rowCount: Number(row.row_count),
    row,
  }
}

export function presentDataset(d: Dataset, myAccess: DatasetAccess): ApiDataset {
  const r = d.row
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    kind: d.kind,
    source: d.sourceId ? { id: d.sourceId, name: r.source_name ?? d.sourceId } : null,
    table: d.table,
    columns: d.columns,
    keyColumns: d.keyColumns,
    dataVersion: d.dataVersion,
    rowCount: d.rowCount,
    myAccess,
    createdBy:
      r.created_by && r.creator_email
        ? { id: r.created_by, name: r.creator_name ?? '', email: r.creator_email }
        : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    lastLoadedAt: r.last_loaded_at?.toISOString() ?? null,
  }
}
