import { z } from 'zod'
import { columnTypeSchema, datasetColumnSchema, datasetSchemaSchema, sqlIdentifierSchema } from './dataset'
import { cellValueSchema } from './query-run'

/**
 * HTTP API of datasets, uploads, batches, rows and dataset permissions (server `modules/datasets`,
 * `modules/uploads`, `modules/dataset-rows`). The table in docs/ARCHITECTURE.md ("Datasets") lists the routes.
 */

/** Codes of this feature; spread into ERROR_CODES. */
export const DATASET_ERROR_CODES = [
  'DATASET_NAME_TAKEN',
  'DATASET_COLUMN_UNKNOWN',
  'DATASET_COLUMN_TAKEN',
  'DATASET_IN_USE',
  'DATASET_IMPORT_RUNNING',
  'DATASET_READ_ONLY',
  'DATASET_LINK_INVALID',
  'DATASET_INVALID_VALUE',
  'UPLOAD_NOT_FOUND',
  'UPLOAD_NO_FILE',
  'UPLOAD_DUPLICATE',
  'UPLOAD_INVALID_CELLS',
  'UPLOAD_MISSING_COLUMNS',
  'UPLOAD_PERIOD_COLUMN_REQUIRED',
  'UPLOAD_KEY_REQUIRED',
  'BATCH_NOT_ROLLBACKABLE',
  'BATCH_ROLLBACK_BLOCKED',
  'BATCH_FILE_MISSING',
  'ROW_CHANGED',
] as const
export type DatasetErrorCode = (typeof DATASET_ERROR_CODES)[number]

/** Audit actions of this feature; spread into AUDIT_ACTIONS. */
export const DATASET_AUDIT_ACTIONS = [
  'dataset.created',
  'dataset.updated',
  'dataset.column_added',
  'dataset.linked',
  'dataset.link_synced',
  'dataset.deleted',
  'dataset.permissions_changed',
  'dataset.batch_loaded',
  'dataset.batch_rejected',
  'dataset.batch_rolled_back',
  'dataset.row_added',
  'dataset.row_updated',
  'dataset.row_deleted',
  'dataset.quarantine_dismissed',
] as const

// ---------- permissions ----------

/** Per-dataset levels, each including the ones before it: view < upload < edit. Admins may do everything. */
export const DATASET_PERMISSION_LEVELS = ['view', 'upload', 'edit'] as const
export const datasetPermissionLevelSchema = z.enum(DATASET_PERMISSION_LEVELS)
export type DatasetPermissionLevel = z.infer<typeof datasetPermissionLevelSchema>

/** What the caller may do with a dataset: a permission level, or 'manage' for admins (permissions too). */
export const datasetAccessSchema = z.enum(['view', 'upload', 'edit', 'manage'])
export type DatasetAccess = z.infer<typeof datasetAccessSchema>

export const datasetPermissionEntrySchema = z.object({
  subjectType: z.enum(['user', 'group']),
  subjectId: z.string().min(1).max(100),
  level: datasetPermissionLevelSchema,
})
export type DatasetPermissionEntry = z.infer<typeof datasetPermissionEntrySchema>

export const apiDatasetPermissionSchema = datasetPermissionEntrySchema.extend({
  /** User name (email) or group name, for display. */
  subjectName: z.string(),
})
export type ApiDatasetPermission = z.infer<typeof apiDatasetPermissionSchema>

/** GET and PUT /api/datasets/:id/permissions (PUT replaces the whole list; admins only). */
export const datasetPermissionsSchema = z.object({ entries: z.array(apiDatasetPermissionSchema) })
export const putDatasetPermissionsBodySchema = z.object({
  entries: z.array(datasetPermissionEntrySchema).max(1000),
})
export type PutDatasetPermissionsBody = z.infer<typeof putDatasetPermissionsBodySchema>

// ---------- datasets ----------

export const userRefSchema = z.object({ id: z.string(), name: z.string(), email: z.string() })
export type UserRef = z.infer<typeof userRefSchema>

/**
 * `warehouse`: rows uploaded into Vitrina's warehouse. `linked`: a table or view of an added source, read
 * through its driver (read-only, with the source's timeouts); uploads and row edits answer 409 DATASET_READ_ONLY.
 */
export const DATASET_KINDS = ['warehouse', 'linked'] as const
export const datasetKindSchema = z.enum(DATASET_KINDS)
export type DatasetKind = z.infer<typeof datasetKindSchema>

export const apiDatasetSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  kind: datasetKindSchema,
  /** The source a linked dataset reads; null for warehouse datasets. */
  source: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Where the rows live: the warehouse table, or the linked table or view in its source. */
  table: z.object({ schema: z.string(), name: z.string() }),
  columns: z.array(datasetColumnSchema),
  keyColumns: z.array(sqlIdentifierSchema),
  /** Incremented on every change of the rows; query caches key on it. */
  dataVersion: z.number().int(),
  rowCount: z.number().int(),
  myAccess: datasetAccessSchema,
  createdBy: userRefSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The most recent batch that loaded rows, if any. */
  lastLoadedAt: z.string().nullable(),
})
export type ApiDataset = z.infer<typeof apiDatasetSchema>

export const datasetListSchema = z.object({ datasets: z.array(apiDatasetSchema) })
export type DatasetList = z.infer<typeof datasetListSchema>

const datasetName = z.string().trim().min(1).max(200)
const description = z.string().max(2000).default('')

/** POST /api/datasets: an empty dataset with a schema written by hand (analysts and admins). */
export const createDatasetBodySchema = z.object({
  name: datasetName,
  description,
  schema: datasetSchemaSchema,
})
export type CreateDatasetBody = z.input<typeof createDatasetBodySchema>

/** PATCH /api/datasets/:id (edit permission). */
export const updateDatasetBodySchema = z
  .object({ name: datasetName, description: z.string().max(2000) })
  .partial()
export type UpdateDatasetBody = z.infer<typeof updateDatasetBodySchema>

/**
 * POST /api/datasets/linked (admins) → 201 ApiDataset: a dataset that reads a table or view of a PostgreSQL or
 * DuckDB source; its columns come from the source's catalog (synced first). 400 DATASET_LINK_INVALID when the
 * table is not in the catalog or the source cannot be linked. POST /api/datasets/:id/sync (admins) re-reads
 * the columns.
 */
export const linkDatasetBodySchema = z.object({
  name: datasetName,
  description,
  sourceId: z.string().min(1).max(100),
  table: z.object({ schema: z.string().min(1).max(200), name: z.string().min(1).max(200) }),
})
export type LinkDatasetBody = z.input<typeof linkDatasetBodySchema>

/**
 * POST /api/datasets/:id/columns (edit permission) → ApiDataset: adds a column that is never required (the
 * existing rows have no value for it). `identifier` null = derived from the name (Cyrillic transliterated).
 * 409 DATASET_COLUMN_TAKEN when the name or identifier is in use.
 */
export const addColumnBodySchema = z.object({
  displayName: z.string().trim().min(1).max(500),
  identifier: sqlIdentifierSchema.nullable().default(null),
  type: columnTypeSchema,
  enumValues: z.array(z.string().min(1).max(500)).min(1).max(1000).nullable().default(null),
})
export type AddColumnBody = z.input<typeof addColumnBodySchema>

/**
 * DELETE /api/datasets/:id[?force=true] (edit permission) → 204: drops the table, its batches, quarantine and
 * permissions. 409 DATASET_IN_USE with `details.questions` (saved questions that read it) unless `force`;
 * 409 DATASET_IMPORT_RUNNING while an upload into it runs.
 */
export const deleteDatasetQuerySchema = z.object({ force: z.enum(['true', 'false']).default('false') })

/** `details` of 409 DATASET_IN_USE. */
export const datasetInUseSchema = z.object({
  questions: z.array(z.object({ id: z.string(), name: z.string(), collectionId: z.string() })),
})
export type DatasetInUse = z.infer<typeof datasetInUseSchema>

// ---------- uploads (a file sent once, then previewed or imported) ----------

export const uploadSheetSchema = z.object({ name: z.string(), index: z.number().int() })

/** POST /api/uploads (multipart, one field `file`) → 201. 413 INGEST_FILE_TOO_LARGE past the size limit. */
export const apiUploadSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  format: z.enum(['xlsx', 'xls', 'ods', 'csv']),
  /** Visible sheets, for the sheet picker (one for CSV). */
  sheets: z.array(uploadSheetSchema),
  createdAt: z.string(),
})
export type ApiUpload = z.infer<typeof apiUploadSchema>

/** POST /api/uploads/:id/preview. `datasetId` adds how the file's columns map onto that dataset. */
export const previewBodySchema = z.object({
  sheet: z.string().max(300).nullable().default(null),
  datasetId: z.string().max(100).nullable().default(null),
})
export type PreviewBody = z.input<typeof previewBodySchema>

export const previewColumnSchema = datasetColumnSchema.extend({
  /** 0-based column index in the sheet and its letter. */
  sourceIndex: z.number().int().min(0),
  letter: z.string(),
  /** The sample had empty cells in this column. */
  nullable: z.boolean(),
  examples: z.array(z.string()),
})
export type PreviewColumn = z.infer<typeof previewColumnSchema>

export const layoutNoteSchema = z.object({
  kind: z.enum(['totals_row_dropped', 'column_without_header']),
  row: z.number().int().nullable(),
  message: z.string(),
})
export type LayoutNote = z.infer<typeof layoutNoteSchema>

export const columnMappingSchema = z.object({
  columns: z.array(
    z.object({
      identifier: z.string(),
      displayName: z.string(),
      required: z.boolean(),
      source: z.object({ letter: z.string(), header: z.string() }).nullable(),
    }),
  ),
  /** Headers in the file that match no dataset column (ignored on import). */
  unmatched: z.array(z.string()),
  /** Required dataset columns the file lacks: the import would be refused. */
  missingRequired: z.array(z.string()),
})
export type ColumnMappingView = z.infer<typeof columnMappingSchema>

export const apiPreviewSchema = z.object({
  upload: apiUploadSchema,
  sheet: z.string(),
  /** Excel row numbers of the header rows. */
  headerRows: z.array(z.number().int()),
  /** Inferred schema; the user edits names/types before creating the dataset. */
  columns: z.array(previewColumnSchema),
  /** First data rows (up to 50) as display text, one cell per column of `columns`. */
  sample: z.array(z.object({ row: z.number().int(), cells: z.array(z.string().nullable()) })),
  notes: z.array(layoutNoteSchema),
  mapping: columnMappingSchema.nullable(),
})
export type ApiPreview = z.infer<typeof apiPreviewSchema>

// ---------- imports and batches ----------

export const IMPORT_MODES = ['append', 'replace', 'replace-period', 'upsert'] as const
export const importModeSchema = z.enum(IMPORT_MODES)
export type ImportMode = z.infer<typeof importModeSchema>

/** Body shared by both ways to start an import. */
const importOptions = {
  uploadId: z.string().min(1).max(100),
  /** Sheet name; null = the first visible sheet. */
  sheet: z.string().max(300).nullable().default(null),
  /** Import the valid rows and keep the invalid ones in quarantine instead of refusing the whole file. */
  quarantine: z.boolean().default(false),
}

/**
 * POST /api/datasets/:id/imports[?confirmDuplicate=true] → 202 { batch } (upload permission).
 * 409 UPLOAD_DUPLICATE with `details.batch` (ApiBatch) when this dataset already has a batch of the same
 * SHA-256: ask the user, then repeat with ?confirmDuplicate=true.
 */
export const startImportBodySchema = z.object({
  ...importOptions,
  mode: importModeSchema.default('append'),
  /** replace-period: the date column whose range in the file is replaced. */
  periodColumn: sqlIdentifierSchema.nullable().default(null),
})
export type StartImportBody = z.input<typeof startImportBodySchema>

export const confirmDuplicateQuerySchema = z.object({
  confirmDuplicate: z.enum(['true', 'false']).default('false'),
})

/**
 * POST /api/datasets/from-upload → 202 { dataset, batch } (analysts and admins): creates the dataset with the
 * edited preview columns (each says which sheet column feeds it by `sourceIndex`) and imports the file.
 */
export const createFromUploadBodySchema = z.object({
  ...importOptions,
  name: datasetName,
  description,
  columns: z
    .array(datasetColumnSchema.extend({ sourceIndex: z.number().int().min(0) }))
    .min(1)
    .max(1000),
  keyColumns: z.array(sqlIdentifierSchema).default([]),
})
export type CreateFromUploadBody = z.input<typeof createFromUploadBodySchema>

export const BATCH_STATUSES = ['running', 'loaded', 'rejected', 'failed', 'rolled_back'] as const
export const batchStatusSchema = z.enum(BATCH_STATUSES)
export type BatchStatus = z.infer<typeof batchStatusSchema>

export const IMPORT_PHASES = ['queued', 'reading', 'loading', 'report', 'done'] as const
export const importPhaseSchema = z.enum(IMPORT_PHASES)
export type ImportPhase = z.infer<typeof importPhaseSchema>

/** Live counters of a running import; the final values stay on the batch. */
export const importProgressSchema = z.object({
  phase: importPhaseSchema,
  bytesTotal: z.number().int(),
  /** Approximate share of the file read so far, in bytes. */
  bytesRead: z.number().int(),
  rowsParsed: z.number().int(),
  rowsValid: z.number().int(),
  rowsInvalid: z.number().int(),
  /** Rows handed to the warehouse (committed only when the batch is `loaded`). */
  rowsLoaded: z.number().int(),
})
export type ImportProgress = z.infer<typeof importProgressSchema>

/** A batch as another batch names it (the one that must be rolled back first). */
export const batchRefSchema = z.object({ id: z.string(), fileName: z.string(), createdAt: z.string() })
export type BatchRef = z.infer<typeof batchRefSchema>

export const apiBatchSchema = z.object({
  id: z.string(),
  datasetId: z.string(),
  fileName: z.string(),
  sheet: z.string().nullable(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  mode: z.enum([...IMPORT_MODES, 'manual']),
  periodColumn: z.string().nullable(),
  quarantine: z.boolean(),
  status: batchStatusSchema,
  progress: importProgressSchema,
  /** Rows inserted / replaced (upsert) / removed (replace, replace-period) by the load. */
  rowsInserted: z.number().int(),
  rowsUpdated: z.number().int(),
  rowsDeleted: z.number().int(),
  rowsQuarantined: z.number().int(),
  /** Rows its rollback put back: the rows this batch had replaced (upsert) or removed (replace, replace-period). */
  rowsRestored: z.number().int(),
  /**
   * The newest later batch, still in effect, that replaced rows this batch loaded: this batch can be rolled
   * back only after that one (otherwise 409 BATCH_ROLLBACK_BLOCKED). null when nothing blocks it.
   */
  replacedBy: batchRefSchema.nullable(),
  errorCount: z.number().int(),
  notes: z.array(layoutNoteSchema),
  /** Why a `failed` batch failed (a file that could not be read, a warehouse error). */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  hasErrorReport: z.boolean(),
  hasOriginal: z.boolean(),
  createdBy: userRefSchema.nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  rolledBackAt: z.string().nullable(),
  rolledBackBy: userRefSchema.nullable(),
})
export type ApiBatch = z.infer<typeof apiBatchSchema>

export const batchListSchema = z.object({ batches: z.array(apiBatchSchema) })
export const importStartedSchema = z.object({ batch: apiBatchSchema })
export const createdFromUploadSchema = z.object({ dataset: apiDatasetSchema, batch: apiBatchSchema })

/**
 * GET /api/datasets/:id/batches/:batchId/events: Server-Sent Events. Every event is `event: progress`
 * with `data: ApiBatch` as JSON; the last one has a status other than `running`, then the stream ends.
 */
export const IMPORT_EVENTS_CONTENT_TYPE = 'text/event-stream'

// ---------- validation report ----------

export const cellErrorSchema = z.object({
  file: z.string(),
  sheet: z.string(),
  /** Excel row number (1-based) and column letter. */
  row: z.number().int(),
  column: z.string(),
  /** The column's header in the file. */
  columnName: z.string(),
  value: z.string(),
  reason: z.string(),
  message: z.string(),
})
export type CellErrorView = z.infer<typeof cellErrorSchema>

/** GET /api/datasets/:id/batches/:batchId/report. The .xlsx copy: .../error-report (highlighted cells). */
export const validationReportSchema = z.object({
  fileName: z.string(),
  sheet: z.string().nullable(),
  errorCount: z.number().int(),
  /** The first errors (at most 1000); `errorCount` counts them all. */
  errors: z.array(cellErrorSchema),
  truncated: z.boolean(),
})
export type ValidationReport = z.infer<typeof validationReportSchema>

// ---------- change log ----------

/**
 * GET /api/datasets/:id/changes?before&limit → `AuditPage` (audit.ts): the dataset's audit events (created,
 * batches loaded/refused/rolled back, rows added/updated/deleted with `before`/`after`, permissions), newest
 * first; view permission.
 */
export const datasetChangesQuerySchema = z.object({
  before: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

// ---------- quarantine ----------

export const quarantineRowSchema = z.object({
  id: z.string(),
  batchId: z.string(),
  /** Excel row number in the uploaded file. */
  sourceRow: z.number().int(),
  /** The cells as text, by dataset column identifier. */
  values: z.record(z.string(), z.string().nullable()),
  errors: z.array(cellErrorSchema),
  createdAt: z.string(),
})
export type QuarantineRow = z.infer<typeof quarantineRowSchema>

export const quarantineQuerySchema = z.object({
  batchId: z.string().max(100).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})
export const quarantinePageSchema = z.object({ rows: z.array(quarantineRowSchema), total: z.number().int() })
export type QuarantinePage = z.infer<typeof quarantinePageSchema>

// ---------- rows (admin grid) ----------

// Cell values (`cellValueSchema` of query-run): decimals as exact strings, dates "YYYY-MM-DD".

export const ROW_FILTER_OPS = [
  'eq',
  'neq',
  'lt',
  'lte',
  'gt',
  'gte',
  'contains',
  'starts_with',
  'is_null',
  'not_null',
  'in',
] as const
export const rowFilterSchema = z.object({
  column: sqlIdentifierSchema,
  op: z.enum(ROW_FILTER_OPS),
  /** Parsed with the column's type (text like "31.12.2025" or "1 234,56" is accepted). Ignored by is_null/not_null. */
  value: cellValueSchema.default(null),
  /** For `in`. */
  values: z.array(cellValueSchema).max(1000).default([]),
})
export type RowFilter = z.input<typeof rowFilterSchema>

export const rowsQuerySchema = z.object({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
  sort: z
    .array(
      z.object({
        column: z.union([sqlIdentifierSchema, z.literal('_batch_id')]),
        direction: z.enum(['asc', 'desc']),
      }),
    )
    .max(5)
    .default([]),
  filters: z.array(rowFilterSchema).max(50).default([]),
  /** Case-insensitive substring over every column's text. */
  search: z.string().max(200).default(''),
  batchId: z.string().max(100).nullable().default(null),
})
export type RowsQuery = z.input<typeof rowsQuerySchema>

export const apiRowSchema = z.object({
  /** Opaque row token for edit/delete; it may change after the row is edited. A linked dataset's rows: `#<position>`. */
  rowId: z.string(),
  batchId: z.string().nullable(),
  values: z.record(z.string(), cellValueSchema),
})
export type ApiRow = z.infer<typeof apiRowSchema>

/** POST /api/datasets/:id/rows/query */
export const rowsPageSchema = z.object({
  columns: z.array(datasetColumnSchema),
  rows: z.array(apiRowSchema),
  total: z.number().int(),
  dataVersion: z.number().int(),
})
export type RowsPage = z.infer<typeof rowsPageSchema>

/** POST /api/datasets/:id/rows → 201 ApiRow (edit permission). Missing columns are null. */
export const addRowBodySchema = z.object({ values: z.record(z.string(), cellValueSchema) })
export type AddRowBody = z.infer<typeof addRowBodySchema>

/**
 * PATCH /api/datasets/:id/rows/:rowId → ApiRow. `expected` is the row as the grid showed it: when the row
 * changed meanwhile the answer is 409 ROW_CHANGED and nothing is written. A bad value → 400 DATASET_INVALID_VALUE.
 */
export const updateRowBodySchema = z.object({
  expected: z.record(z.string(), cellValueSchema),
  changes: z.record(z.string(), cellValueSchema),
})
export type UpdateRowBody = z.infer<typeof updateRowBodySchema>

/** DELETE /api/datasets/:id/rows/:rowId uses the same `expected` guard (body). */
export const deleteRowBodySchema = z.object({ expected: z.record(z.string(), cellValueSchema) })

/** POST /api/datasets/:id/rows/delete: bulk delete → { deleted }. Rows that changed meanwhile are skipped. */
export const bulkDeleteBodySchema = z.object({
  rows: z
    .array(z.object({ rowId: z.string().max(100), expected: z.record(z.string(), cellValueSchema) }))
    .min(1)
    .max(1000),
})
export const bulkDeleteResultSchema = z.object({ deleted: z.number().int(), skipped: z.number().int() })

/** GET /api/datasets/:id/export?format=xlsx|csv[&query=<RowsQuery JSON, offset/limit ignored>] */
export const exportQuerySchema = z.object({
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  query: z.string().max(20_000).optional(),
})
