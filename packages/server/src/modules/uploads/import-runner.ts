import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { CellErrorView, ImportMode, ImportProgress, LayoutNote } from '@vitrina/contracts'
import {
  type CellError,
  type ColumnMapping,
  type IngestLimits,
  type Layout,
  type RawRow,
  RowValidator,
  readTable,
  writeErrorReport,
} from '@vitrina/ingest'
import type { LoadMode, LoadResult, Warehouse } from '../../warehouse'
import type { Dataset } from '../datasets/datasets.presenter'
import { cellText } from './cell-text'

/** Everything an import needs, decided before it starts (the layout and mapping come from the preview). */
export interface ImportJob {
  batchId: string
  dataset: Dataset
  filePath: string
  fileName: string
  sheet: string
  layout: Layout
  mapping: ColumnMapping
  mode: ImportMode
  periodColumn: string | null
  quarantine: boolean
  /** Notes found while previewing (columns without a header). */
  notes: LayoutNote[]
}

export interface ImportLimits {
  parseTimeoutMs: number
  /** Size, zip-bomb, column and row limits of every read of the file. */
  file: Partial<IngestLimits>
  /** Where the highlighted copy goes when there are errors. */
  reportPath: string
}

export interface QuarantinedRow {
  sourceRow: number
  values: Record<string, string | null>
  errors: CellErrorView[]
}

export interface ImportResult {
  status: 'loaded' | 'rejected'
  rowsParsed: number
  inserted: number
  updated: number
  deleted: number
  /** The rows the load replaced, per batch that had loaded them. */
  replaced: LoadResult['replaced']
  errorCount: number
  /** The first errors, for the report (at most REPORT_ERRORS). */
  errors: CellErrorView[]
  quarantined: QuarantinedRow[]
  notes: LayoutNote[]
  errorReportPath: string | null
}

export const REPORT_ERRORS = 1000
/** Invalid rows a quarantine import keeps; past this the import is refused like a plain one. */
export const MAX_QUARANTINE_ROWS = 50_000

class InvalidCells extends Error {}

export function loadModeOf(job: Pick<ImportJob, 'mode' | 'periodColumn' | 'dataset'>): LoadMode {
  switch (job.mode) {
    case 'append':
      return { kind: 'append' }
    case 'replace':
      return { kind: 'replace' }
    case 'replace-period':
      return { kind: 'replace-period', dateColumn: job.periodColumn ?? '' }
    case 'upsert':
      return { kind: 'upsert', keyColumns: job.dataset.keyColumns }
  }
}

function toView(e: CellError, file: string): CellErrorView {
  return {
    file,
    sheet: e.sheet,
    row: e.row,
    column: e.column,
    columnName: e.columnName,
    value: e.value,
    reason: e.reason,
    message: e.message,
  }
}

/**
 * Reads the sheet once: every cell validated, valid rows streamed into one warehouse load. With any invalid
 * cell (and no quarantine) the row source throws at the end, so the load's transaction rolls back and nothing
 * is written; the caller gets the errors and a highlighted copy of the file.
 */
export async function runImport(
  warehouse: Warehouse,
  job: ImportJob,
  limits: ImportLimits,
  progress: ImportProgress,
  changed: () => void,
): Promise<ImportResult> {
  const { dataset } = job
  const read = {
    sheet: job.sheet,
    fileName: job.fileName,
    timeoutMs: limits.parseTimeoutMs,
    limits: limits.file,
    onProgress: (f: number) => {
      progress.bytesRead = Math.round(f * progress.bytesTotal)
    },
  }
  const validator = new RowValidator(
    { columns: dataset.columns, keyColumns: dataset.keyColumns },
    job.mapping,
    job.sheet,
    job.quarantine ? MAX_QUARANTINE_ROWS * 4 : REPORT_ERRORS,
  )
  const quarantined: QuarantinedRow[] = []
  const table = readTable(job.filePath, job.layout, read)

  const quarantine = (batch: RawRow[], validRows: Set<number>, firstError: number) => {
    const byRow = new Map<number, CellErrorView[]>()
    for (const e of validator.errors.slice(firstError)) {
      const list = byRow.get(e.row) ?? []
      list.push(toView(e, job.fileName))
      byRow.set(e.row, list)
    }
    for (const raw of batch) {
      if (validRows.has(raw.row)) continue
      if (quarantined.length >= MAX_QUARANTINE_ROWS) throw new InvalidCells()
      const values: Record<string, string | null> = {}
      dataset.columns.forEach((c, i) => {
        const src = job.mapping.sources[i]
        values[c.identifier] = src ? cellText(raw.cells[src.index] ?? null) : null
      })
      quarantined.push({ sourceRow: raw.row, values, errors: byRow.get(raw.row) ?? [] })
    }
  }

  async function* rows() {
    progress.phase = 'reading'
    changed()
    for await (const batch of table) {
      const firstError = validator.errors.length
      const typed = validator.validate(batch)
      progress.rowsParsed += batch.length
      progress.rowsValid += typed.length
      progress.rowsInvalid += batch.length - typed.length
      if (typed.length < batch.length && job.quarantine) {
        quarantine(batch, new Set(typed.map((t) => t.row)), firstError)
      }
      if (validator.errorCount > 0 && !job.quarantine) {
        changed()
        continue
      }
      progress.phase = 'loading'
      progress.rowsLoaded += typed.length
      changed()
      if (typed.length > 0) yield typed.map((t) => t.values)
    }
    if (validator.errorCount > 0 && !job.quarantine) throw new InvalidCells()
  }

  let load: LoadResult | null = null
  try {
    load = await warehouse.load(dataset.table, dataset.columns, rows(), loadModeOf(job), {
      batchId: job.batchId,
    })
  } catch (e) {
    if (!(e instanceof InvalidCells)) throw e
  }
  const notes = [...job.notes, ...table.notes]
  let errorReportPath: string | null = null
  if (validator.errorCount > 0) {
    progress.phase = 'report'
    changed()
    await mkdir(path.dirname(limits.reportPath), { recursive: true })
    await writeErrorReport({
      sourcePath: job.filePath,
      read: {
        sheet: job.sheet,
        fileName: job.fileName,
        timeoutMs: limits.parseTimeoutMs,
        limits: limits.file,
      },
      errors: validator.errors.slice(0, 10_000),
      errorCount: validator.errorCount,
      outPath: limits.reportPath,
    })
    errorReportPath = limits.reportPath
  }
  progress.phase = 'done'
  progress.bytesRead = progress.bytesTotal
  if (!load) progress.rowsLoaded = 0
  changed()
  return {
    status: load ? 'loaded' : 'rejected',
    rowsParsed: progress.rowsParsed,
    inserted: load?.inserted ?? 0,
    updated: load?.updated ?? 0,
    deleted: load?.deleted ?? 0,
    replaced: load?.replaced ?? [],
    errorCount: validator.errorCount,
    errors: validator.errors.slice(0, REPORT_ERRORS).map((e) => toView(e, job.fileName)),
    quarantined: load ? quarantined : [],
    notes,
    errorReportPath,
  }
}
