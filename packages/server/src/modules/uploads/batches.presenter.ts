import {
  type ApiBatch,
  type BatchRef,
  cellErrorSchema,
  type ImportProgress,
  layoutNoteSchema,
  type QuarantineRow,
  type ValidationReport,
} from '@vitrina/contracts'
import { z } from 'zod'
import type { DbQuarantineRow } from '../../db/schema-datasets'
import type { BatchRow } from './uploads.repo'

const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v)
const errorsOf = (v: unknown) => z.array(cellErrorSchema).parse(json(v) ?? [])
const notesOf = (v: unknown) => z.array(layoutNoteSchema).parse(json(v) ?? [])
const failureOf = (v: unknown) =>
  z
    .object({ code: z.string(), message: z.string() })
    .nullable()
    .parse(json(v) ?? null)

/** Counters from the batch row, when this process has no progress for it (another process, or long ago). */
function finishedProgress(r: BatchRow): ImportProgress {
  const size = Number(r.size_bytes)
  return {
    phase: r.status === 'running' ? 'queued' : 'done',
    bytesTotal: size,
    bytesRead: r.status === 'running' ? 0 : size,
    rowsParsed: r.rows_parsed,
    rowsValid: Math.max(
      0,
      r.rows_parsed - r.rows_quarantined - (r.status === 'rejected' ? r.rows_parsed : 0),
    ),
    rowsInvalid: r.status === 'rejected' ? r.rows_parsed : r.rows_quarantined,
    rowsLoaded: r.status === 'loaded' || r.status === 'rolled_back' ? r.rows_inserted + r.rows_updated : 0,
  }
}

/** `replacedBy`: the later batch that must be rolled back before this one (see `UploadsRepo.blockers`). */
export function presentBatch(
  r: BatchRow,
  progress: ImportProgress | null,
  replacedBy: BatchRef | null = null,
): ApiBatch {
  return {
    id: r.id,
    datasetId: r.dataset_id,
    fileName: r.file_name,
    sheet: r.sheet,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    mode: r.mode,
    periodColumn: r.period_column,
    quarantine: r.quarantine,
    status: r.status,
    progress: progress ?? finishedProgress(r),
    rowsInserted: r.rows_inserted,
    rowsUpdated: r.rows_updated,
    rowsDeleted: r.rows_deleted,
    rowsQuarantined: r.rows_quarantined,
    rowsRestored: r.rows_restored,
    replacedBy: r.status === 'loaded' || r.status === 'failed' ? replacedBy : null,
    errorCount: r.error_count,
    notes: notesOf(r.notes),
    error: failureOf(r.error),
    hasErrorReport: r.error_report_path !== null,
    hasOriginal: r.original_path !== null,
    createdBy:
      r.created_by && r.creator_email
        ? { id: r.created_by, name: r.creator_name ?? '', email: r.creator_email }
        : null,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    rolledBackAt: r.rolled_back_at?.toISOString() ?? null,
    rolledBackBy:
      r.rolled_back_by && r.rollback_email
        ? { id: r.rolled_back_by, name: r.rollback_name ?? '', email: r.rollback_email }
        : null,
  }
}

export function presentReport(r: BatchRow): ValidationReport {
  const errors = errorsOf(r.errors)
  return {
    fileName: r.file_name,
    sheet: r.sheet,
    errorCount: r.error_count,
    errors,
    truncated: r.error_count > errors.length,
  }
}

export function presentQuarantineRow(r: DbQuarantineRow): QuarantineRow {
  return {
    id: r.id,
    batchId: r.batch_id,
    sourceRow: r.source_row,
    values: z.record(z.string(), z.string().nullable()).parse(json(r.values)),
    errors: errorsOf(r.errors),
    createdAt: r.created_at.toISOString(),
  }
}
