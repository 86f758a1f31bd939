import { type CellRange, parseRange, type RawRow } from './cell'
import { asIngestError } from './errors'
import { checkDeadline, type Deadline, type IngestLimits } from './limits'
import { SheetScanner } from './xlsx-sheet'
import { readDateStyles, readSharedStrings, readWorkbookMeta, type XlsxSheetInfo } from './xlsx-workbook'
import { ZipArchive } from './zip'

export async function listXlsxSheets(
  path: string,
  fileName: string,
  limits: IngestLimits,
  deadline: Deadline,
): Promise<XlsxSheetInfo[]> {
  const zip = await ZipArchive.open(path, limits, deadline, fileName)
  try {
    return (await readWorkbookMeta(zip, fileName)).sheets
  } catch (e) {
    throw asIngestError(e, fileName)
  } finally {
    zip.close()
  }
}

/** Rows of one worksheet in batches; `onMerges` receives the merged ranges once the sheet is read. */
export async function* readXlsxSheet(
  path: string,
  fileName: string,
  pick: (sheets: XlsxSheetInfo[]) => XlsxSheetInfo,
  limits: IngestLimits,
  deadline: Deadline,
  onMerges: (merges: CellRange[]) => void,
  onProgress: ((fraction: number) => void) | null = null,
): AsyncGenerator<RawRow[]> {
  const zip = await ZipArchive.open(path, limits, deadline, fileName)
  try {
    const meta = await readWorkbookMeta(zip, fileName)
    const sheet = pick(meta.sheets)
    const dateStyles = await readDateStyles(zip, meta.stylesPart, fileName)
    const sharedStrings = await readSharedStrings(zip, meta.sharedStringsPart, limits, fileName)
    const scanner = new SheetScanner({
      fileName,
      sheetName: sheet.name,
      sharedStrings,
      dateStyles,
      date1904: meta.date1904,
      limits,
    })
    const progress = onProgress
      ? (done: number, total: number) => onProgress(total > 0 ? Math.min(1, done / total) : 0)
      : undefined
    for await (const chunk of zip.stream(sheet.part, progress)) {
      const rows = scanner.push(chunk)
      if (rows.length > 0) yield rows
    }
    scanner.finish()
    checkDeadline(deadline, fileName)
    onMerges(scanner.merges)
  } catch (e) {
    throw asIngestError(e, fileName)
  } finally {
    zip.close()
  }
}

/**
 * Merged ranges of a sheet without parsing its rows: they follow <sheetData>, so the part is inflated
 * (under the same limits) and only its tail is read. Used by the preview, which stops reading rows early.
 */
export async function readXlsxMerges(
  path: string,
  fileName: string,
  pick: (sheets: XlsxSheetInfo[]) => XlsxSheetInfo,
  limits: IngestLimits,
  deadline: Deadline,
): Promise<CellRange[]> {
  const zip = await ZipArchive.open(path, limits, deadline, fileName)
  try {
    const meta = await readWorkbookMeta(zip, fileName)
    const sheet = pick(meta.sheets)
    // Search the raw bytes (native memchr-speed) and decode only from the first <mergeCells on.
    const needle = Buffer.from('mergeCells')
    let tail = ''
    let overlap: Buffer = Buffer.alloc(0)
    let found = false
    for await (const chunk of zip.stream(sheet.part)) {
      if (found) {
        tail += chunk.toString('latin1')
        continue
      }
      const joined = overlap.length > 0 ? Buffer.concat([overlap, chunk]) : chunk
      const i = joined.indexOf(needle)
      if (i >= 0) {
        found = true
        tail = joined.toString('latin1', Math.max(0, i - 8))
      } else overlap = Buffer.from(joined.subarray(Math.max(0, joined.length - 16)))
    }
    const merges: CellRange[] = []
    for (const m of tail.matchAll(/<(?:\w+:)?mergeCell\s[^>]*?ref\s*=\s*["']([^"']+)["']/g)) {
      const r = parseRange(m[1]!)
      if (r) merges.push(r)
    }
    return merges
  } catch (e) {
    throw asIngestError(e, fileName)
  } finally {
    zip.close()
  }
}
