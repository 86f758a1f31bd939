import type { CellRange, RawRow } from './cell'
import { asIngestError, INGEST_NO_HEADER, IngestError } from './errors'
import { type InferredColumn, inferSchema } from './infer'
import { dataRows, detectLayout, type Layout, type LayoutNote } from './layout'
import { resolveLimits } from './limits'
import { openWorkbook, type ReadSheetOptions, readSheet, type WorkbookInfo } from './workbook'
import { readXlsxMerges } from './xlsx'

export interface Preview {
  workbook: WorkbookInfo
  sheet: string
  layout: Layout
  columns: InferredColumn[]
  /** The first data rows (header and totals rows removed). */
  sample: RawRow[]
  merges: CellRange[]
  notes: LayoutNote[]
}

export interface PreviewOptions extends ReadSheetOptions {
  /** Data rows read for inference and display; default 1000. */
  sampleRows?: number
}

/** Reads the start of a sheet, finds its header and infers column types, for the upload preview. */
export async function previewSheet(path: string, opts: PreviewOptions = {}): Promise<Preview> {
  const workbook = await openWorkbook(path, opts)
  const limit = opts.sampleRows ?? 1000
  const rows: RawRow[] = []
  const reader = readSheet(path, opts)
  let complete = true
  for await (const batch of reader) {
    rows.push(...batch)
    if (rows.length > limit + 10) {
      complete = false
      break
    }
  }
  const sheetName = pickedName(workbook, opts)
  if (rows.length === 0) {
    throw new IngestError(INGEST_NO_HEADER, `Sheet "${sheetName}" of "${workbook.fileName}" is empty`, {
      fileName: workbook.fileName,
      sheet: sheetName,
    })
  }
  let merges = reader.merges
  if (!complete && workbook.format === 'xlsx') {
    const deadline = {
      signal: opts.signal ?? null,
      deadline: opts.timeoutMs ? Date.now() + opts.timeoutMs : null,
    }
    merges = await readXlsxMerges(
      path,
      workbook.fileName,
      (sheets) => sheets.find((s) => s.name === sheetName) ?? sheets[0]!,
      resolveLimits(opts.limits),
      deadline,
    )
  }
  try {
    const layout = detectLayout(rows, merges)
    const notes: LayoutNote[] = []
    for (const c of layout.columns) {
      if (c.header === '') {
        notes.push({
          kind: 'column_without_header',
          row: layout.headerRows[0] ?? null,
          message: `Column ${c.letter} has no header; it was named "Столбец ${c.letter}"`,
        })
      }
    }
    const sample = dataRows(rows, layout, notes).slice(0, limit)
    return { workbook, sheet: sheetName, layout, columns: inferSchema(layout, sample), sample, merges, notes }
  } catch (e) {
    throw asIngestError(e, workbook.fileName)
  }
}

function pickedName(wb: WorkbookInfo, opts: ReadSheetOptions): string {
  const all = wb.sheets
  if (opts.sheet === undefined) return all[0]?.name ?? ''
  if (typeof opts.sheet === 'number')
    return all.find((s) => s.index === opts.sheet)?.name ?? String(opts.sheet)
  const want = opts.sheet
  return (
    all.find((s) => s.name === want)?.name ??
    all.find((s) => s.name.toLowerCase() === want.toLowerCase())?.name ??
    want
  )
}

/** Data rows of a sheet whose layout is known (from the preview): header rows skipped, totals rows dropped. */
export interface TableReader extends AsyncIterable<RawRow[]> {
  notes: LayoutNote[]
}

export function readTable(path: string, layout: Layout, opts: ReadSheetOptions = {}): TableReader {
  const notes: LayoutNote[] = []
  return {
    notes,
    async *[Symbol.asyncIterator]() {
      for await (const batch of readSheet(path, opts)) {
        const rows = dataRows(batch, layout, notes)
        if (rows.length > 0) yield rows
      }
    },
  }
}
