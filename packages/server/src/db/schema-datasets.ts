import type { Generated, Selectable } from 'kysely'

/**
 * System DB tables of datasets (migrations 0002-datasets, 0008-dataset-history, 0009-linked-datasets); part of
 * `SystemDatabase`.
 */
export interface DatasetTables {
  datasets: DatasetsTable
  dataset_permissions: DatasetPermissionsTable
  dataset_uploads: DatasetUploadsTable
  dataset_batches: DatasetBatchesTable
  dataset_batch_replacements: DatasetBatchReplacementsTable
  dataset_quarantine: DatasetQuarantineTable
}

export interface DatasetsTable {
  id: string
  name: string
  description: Generated<string>
  table_schema: string
  table_name: string
  /** JSON: `DatasetColumn[]` of contracts. */
  columns: unknown
  key_columns: unknown
  data_version: Generated<number>
  /** bigint: read as a string by pg. */
  row_count: Generated<string | number>
  created_by: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
  last_loaded_at: Date | null
  /** 'linked': a read-only table or view of `source_id` (migration 0009-linked-datasets). */
  kind: Generated<'warehouse' | 'linked'>
  source_id: string | null
}
export type DbDataset = Selectable<DatasetsTable>

export interface DatasetPermissionsTable {
  dataset_id: string
  subject_type: 'user' | 'group'
  subject_id: string
  level: 'view' | 'upload' | 'edit'
}

export interface DatasetUploadsTable {
  id: string
  user_id: string
  file_name: string
  size_bytes: string | number
  sha256: string
  format: 'xlsx' | 'xls' | 'ods' | 'csv'
  sheets: unknown
  path: string
  created_at: Generated<Date>
}
export type DbDatasetUpload = Selectable<DatasetUploadsTable>

export interface DatasetBatchesTable {
  id: string
  dataset_id: string
  file_name: string
  sheet: string | null
  size_bytes: string | number
  sha256: string
  mode: 'append' | 'replace' | 'replace-period' | 'upsert' | 'manual'
  period_column: string | null
  quarantine: Generated<boolean>
  status: 'running' | 'loaded' | 'rejected' | 'failed' | 'rolled_back'
  rows_parsed: Generated<number>
  rows_inserted: Generated<number>
  rows_updated: Generated<number>
  rows_deleted: Generated<number>
  rows_quarantined: Generated<number>
  /** Rows a rollback put back (the rows this batch had replaced). */
  rows_restored: Generated<number>
  error_count: Generated<number>
  errors: Generated<unknown>
  notes: Generated<unknown>
  error: unknown
  original_path: string | null
  error_report_path: string | null
  created_by: string | null
  created_at: Generated<Date>
  finished_at: Date | null
  rolled_back_at: Date | null
  rolled_back_by: string | null
}
export type DbDatasetBatch = Selectable<DatasetBatchesTable>

/** Rows of `replaced_batch_id` (null: added by hand) that the load of `batch_id` replaced or deleted. */
export interface DatasetBatchReplacementsTable {
  batch_id: string
  replaced_batch_id: string | null
  rows: number
}

export interface DatasetQuarantineTable {
  id: string
  dataset_id: string
  batch_id: string
  source_row: number
  values: unknown
  errors: unknown
  created_at: Generated<Date>
}
export type DbQuarantineRow = Selectable<DatasetQuarantineTable>
