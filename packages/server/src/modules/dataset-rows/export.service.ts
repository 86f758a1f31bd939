import { mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { rowsQuerySchema } from '@vitrina/contracts'
import { writeTemplate } from '@vitrina/ingest'
import { AppError } from '../../http/errors'
import type { Actor } from '../../http/principal'
import { newId } from '../../lib/tokens'
import { quoteIdent } from '../../warehouse/sql'
import type { DatasetsService } from '../datasets/datasets.service'
import { type ReaderFor, readOnlyError } from './dataset-reader'
import { csvLines, writeXlsx } from './export-writers'
import { RowsSql } from './rows-sql'

/** A file to send: either a stream or a temporary file deleted once sent. */
export type Download =
  | { kind: 'stream'; fileName: string; stream: Readable }
  | { kind: 'file'; fileName: string; path: string }

export function createExportService(deps: {
  readerFor: ReaderFor
  datasets: DatasetsService
  tempDir: string
}) {
  const tempFile = async (ext: string) => {
    await mkdir(deps.tempDir, { recursive: true })
    return path.join(deps.tempDir, `${newId()}.${ext}`)
  }

  return {
    /** Every row that matches the grid's filters, in its sort order, as .csv (streamed) or .xlsx. */
    async export(
      actor: Actor,
      id: string,
      format: 'xlsx' | 'csv',
      queryJson: string | undefined,
    ): Promise<Download> {
      const { dataset } = await deps.datasets.authorize(actor, id, 'view')
      let parsed: unknown = {}
      try {
        parsed = queryJson ? JSON.parse(queryJson) : {}
      } catch {
        throw new AppError(400, 'VALIDATION_FAILED', '`query` is not valid JSON')
      }
      const q = rowsQuerySchema.parse(parsed)
      const reader = await deps.readerFor(dataset)
      const s = new RowsSql(reader.dialect, dataset.table, dataset.columns, reader.physical)
      const where = s.where(q)
      const order = s.orderBy(q.sort)
      const cols = dataset.columns.map((c) => quoteIdent(c.identifier)).join(', ')
      const rows = reader.streamQuery(s.compile(`SELECT ${cols} FROM ${s.from}${where}${order}`))
      if (format === 'csv') {
        return {
          kind: 'stream',
          fileName: `${dataset.name}.csv`,
          stream: Readable.from(csvLines(dataset.columns, rows)),
        }
      }
      const file = await tempFile('xlsx')
      try {
        await writeXlsx(file, dataset.name, dataset.columns, rows)
      } catch (e) {
        await rm(file, { force: true })
        throw e
      }
      return { kind: 'file', fileName: `${dataset.name}.xlsx`, path: file }
    },

    /** The .xlsx template of the dataset (header, formats, drop-downs, instructions in Russian). */
    async template(actor: Actor, id: string): Promise<Download> {
      const { dataset } = await deps.datasets.authorize(actor, id, 'view')
      // A template is for filling in uploads, which a linked dataset does not take.
      if (dataset.kind === 'linked') throw readOnlyError(dataset)
      const file = await tempFile('xlsx')
      await writeTemplate(dataset.columns, file, { datasetName: dataset.name })
      return { kind: 'file', fileName: `${dataset.name} — шаблон.xlsx`, path: file }
    },
  }
}

export type ExportService = ReturnType<typeof createExportService>
