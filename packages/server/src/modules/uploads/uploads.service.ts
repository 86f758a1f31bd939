import { createReadStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import type { ApiPreview, ApiUpload, ColumnMappingView, PreviewBody } from '@vitrina/contracts'
import {
  type IngestLimits,
  type Layout,
  mapColumns,
  openWorkbook,
  type Preview,
  previewSheet,
} from '@vitrina/ingest'
import { LRUCache } from 'lru-cache'
import type { DbDatasetUpload } from '../../db/schema-datasets'
import { AppError } from '../../http/errors'
import type { Actor } from '../../http/principal'
import { newId } from '../../lib/tokens'
import type { Dataset } from '../datasets/datasets.presenter'
import type { DatasetsService } from '../datasets/datasets.service'
import { cellText } from './cell-text'
import { fromIngestError } from './ingest-errors'
import { receiveFile, safeFileName, type UploadPaths } from './upload-storage'
import type { UploadsRepo } from './uploads.repo'

export interface UploadLimits {
  maxBytes: number
  parseTimeoutMs: number
  /** The hostile-file limits of the configuration (zip bombs, columns, rows, SheetJS heap). */
  file: Partial<IngestLimits>
}

/** What every read of an uploaded file is bounded by. */
export function ingestLimitsOf(limits: UploadLimits): Partial<IngestLimits> {
  return { ...limits.file, maxFileBytes: limits.maxBytes }
}

const SAMPLE_ROWS = 50
/** A kept preview is found by upload and sheet (null: the default sheet). */
const previewKey = (uploadId: string, sheet: string | null) => `${uploadId}\u0000${sheet ?? ''}`

/** Previews with more sample cells than this are not kept between the preview and the import. */
const PREVIEW_KEEP_CELLS = 200_000

export function presentUpload(u: DbDatasetUpload): ApiUpload {
  return {
    id: u.id,
    fileName: u.file_name,
    sizeBytes: Number(u.size_bytes),
    sha256: u.sha256,
    format: u.format,
    sheets: (typeof u.sheets === 'string' ? JSON.parse(u.sheets) : u.sheets) as ApiUpload['sheets'],
    createdAt: u.created_at.toISOString(),
  }
}

/** How a file's header maps onto a dataset's columns (what the import would do). */
export function mappingView(layout: Layout, dataset: Dataset): ColumnMappingView {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase()
  const byHeader = new Map(layout.columns.map((c) => [norm(c.header), c]))
  const used = new Set<number>()
  const columns = dataset.columns.map((c) => {
    const hit = byHeader.get(norm(c.displayName)) ?? byHeader.get(norm(c.identifier)) ?? null
    if (hit) used.add(hit.index)
    return {
      identifier: c.identifier,
      displayName: c.displayName,
      required: c.required,
      source: hit ? { letter: hit.letter, header: hit.header } : null,
    }
  })
  return {
    columns,
    unmatched: layout.columns.filter((c) => !used.has(c.index) && c.header !== '').map((c) => c.header),
    missingRequired: columns.filter((c) => c.required && c.source === null).map((c) => c.displayName),
  }
}

export function createUploadsService(deps: {
  repo: UploadsRepo
  datasets: DatasetsService
  paths: UploadPaths
  limits: UploadLimits
}) {
  const { repo, paths, limits } = deps
  const previews = new LRUCache<string, Promise<Preview>>({ max: 16, ttl: 15 * 60_000 })

  return {
    /** Streams the file to the data folder (hashing it), then checks it opens: hostile files stop here. */
    async receive(
      actor: Actor,
      file: { filename: string; file: Readable & { truncated?: boolean } },
    ): Promise<ApiUpload> {
      const id = newId()
      const dest = paths.incoming(id)
      const fileName = safeFileName(file.filename || 'file')
      const { sizeBytes, sha256 } = await receiveFile(file.file, dest, limits.maxBytes)
      let info: Awaited<ReturnType<typeof openWorkbook>>
      try {
        info = await openWorkbook(dest, {
          fileName,
          timeoutMs: limits.parseTimeoutMs,
          limits: ingestLimitsOf(limits),
        })
      } catch (e) {
        await rm(dest, { force: true })
        throw fromIngestError(e)
      }
      const row = {
        id,
        user_id: actor.id,
        file_name: fileName,
        size_bytes: sizeBytes,
        sha256,
        format: info.format,
        sheets: info.sheets.map((s) => ({ name: s.name, index: s.index })),
        path: dest,
      }
      await repo.insertUpload(row)
      return presentUpload({ ...row, created_at: new Date() })
    },

    /**
     * Deletes received files older than `maxAgeMs` (the worker runs this): an upload is previewed and imported
     * within minutes, and every imported file has its own copy under `originals/`.
     */
    async purgeIncoming(maxAgeMs: number): Promise<number> {
      const old = await repo.uploadsBefore(new Date(Date.now() - maxAgeMs))
      for (const u of old) {
        await rm(u.path, { force: true })
        await repo.deleteUpload(u.id)
      }
      return old.length
    },

    /** A file on this machine (the CLI), received like an upload. */
    async receiveLocal(actor: Actor, filePath: string): Promise<ApiUpload> {
      return this.receive(actor, { filename: path.basename(filePath), file: createReadStream(filePath) })
    },

    /** The caller's own upload (admins: any); 404 UPLOAD_NOT_FOUND otherwise. */
    async own(actor: Actor | null, id: string): Promise<DbDatasetUpload> {
      const u = await repo.findUpload(id)
      if (!u || (actor && actor.role !== 'admin' && u.user_id !== actor.id)) {
        throw new AppError(404, 'UPLOAD_NOT_FOUND', 'The uploaded file was not found; upload it again')
      }
      return u
    },

    /**
     * Reads the start of the sheet: header, inferred columns, notes. Used by preview and before an import, which
     * usually follow each other for the same file: the result is kept for a while (a received file never
     * changes), so the import does not read the sheet's start, and for .xlsx inflate it whole for its merged
     * cells, once more.
     */
    async readPreview(upload: DbDatasetUpload, sheet: string | null): Promise<Preview> {
      const key = previewKey(upload.id, sheet)
      const kept = previews.get(key)
      if (kept) return kept
      const reading = previewSheet(upload.path, {
        fileName: upload.file_name,
        sheet: sheet ?? undefined,
        timeoutMs: limits.parseTimeoutMs,
        limits: ingestLimitsOf(limits),
      }).catch((e: unknown) => {
        previews.delete(key)
        throw fromIngestError(e)
      })
      previews.set(key, reading)
      const preview = await reading
      // Wide sheets make large samples: those are read again rather than kept.
      if (preview.sample.length * preview.layout.columns.length > PREVIEW_KEEP_CELLS) previews.delete(key)
      // A preview of the default sheet is also the one of that sheet by name, which the import then asks for.
      else if (sheet === null) previews.set(previewKey(upload.id, preview.sheet), reading)
      return preview
    },

    async preview(actor: Actor, id: string, body: Required<PreviewBody>): Promise<ApiPreview> {
      const upload = await this.own(actor, id)
      const dataset = body.datasetId
        ? (await deps.datasets.authorize(actor, body.datasetId, 'view')).dataset
        : null
      const p = await this.readPreview(upload, body.sheet)
      return {
        upload: presentUpload(upload),
        sheet: p.sheet,
        headerRows: p.layout.headerRows,
        columns: p.columns.map((c) => ({
          displayName: c.displayName,
          identifier: c.identifier,
          type: c.type,
          required: c.required,
          enumValues: c.enumValues,
          sourceIndex: c.index,
          letter: c.letter,
          nullable: c.nullable,
          examples: c.examples,
        })),
        sample: p.sample.slice(0, SAMPLE_ROWS).map((r) => ({
          row: r.row,
          cells: p.columns.map((c) => cellText(r.cells[c.index] ?? null)),
        })),
        notes: p.notes,
        mapping: dataset ? mappingView(p.layout, dataset) : null,
      }
    },

    /** Throws UPLOAD_MISSING_COLUMNS when the file lacks a required column of the dataset. */
    mapOnto(layout: Layout, dataset: Dataset) {
      const view = mappingView(layout, dataset)
      if (view.missingRequired.length > 0) {
        throw new AppError(
          400,
          'UPLOAD_MISSING_COLUMNS',
          `The file lacks required column(s): ${view.missingRequired.map((c) => `"${c}"`).join(', ')}`,
          view,
        )
      }
      return mapColumns(layout, dataset.columns)
    },
  }
}

export type UploadsService = ReturnType<typeof createUploadsService>
