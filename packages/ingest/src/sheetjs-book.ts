import type * as SheetJs from '@e965/xlsx'
import { type CellRange, type CellValue, DATE1904_OFFSET, type RawRow } from './cell'
import {
  asIngestError,
  INGEST_CORRUPT,
  INGEST_ENCRYPTED,
  INGEST_TOO_MANY_COLUMNS,
  INGEST_TOO_MANY_ROWS,
  INGEST_UNSUPPORTED_FORMAT,
  IngestError,
} from './errors'
import type { IngestLimits } from './limits'

/**
 * What the SheetJS worker does with a parsed workbook, kept apart from the thread plumbing so it reads as
 * plain functions: the sheet list, merges, and a sheet's rows converted batch by batch on request.
 */

const OLE_ENCRYPTED_STREAMS = ['EncryptedPackage', 'EncryptionInfo']
const BIFF_FILEPASS = 0x002f
const BIFF_EOF = 0x000a

export interface BookSheet {
  name: string
  index: number
  hidden: boolean
}

/** Parses the whole workbook (SheetJS has no streaming reader); refuses encrypted .xls first. */
export function parseBook(
  XLSX: typeof SheetJs,
  bytes: Buffer,
  format: 'xls' | 'ods',
  fileName: string,
  limits: IngestLimits,
): SheetJs.WorkBook {
  if (format === 'xls') assertOleReadable(XLSX, bytes, fileName)
  try {
    return XLSX.read(bytes, {
      type: 'buffer',
      cellDates: false,
      cellNF: true,
      dense: true,
      cellHTML: false,
      sheetRows: limits.maxRows + 1,
    })
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e)
    if (/password|encrypt/i.test(reason)) throw encrypted(fileName)
    throw asIngestError(e, fileName)
  }
}

export function bookSheets(wb: SheetJs.WorkBook): BookSheet[] {
  const hidden = new Map((wb.Workbook?.Sheets ?? []).map((s, i) => [i, (s.Hidden ?? 0) !== 0]))
  return wb.SheetNames.map((name, index) => ({ name, index, hidden: hidden.get(index) ?? false }))
}

export function bookMerges(wb: SheetJs.WorkBook, index: number): CellRange[] {
  return (wb.Sheets[wb.SheetNames[index] as string]?.['!merges'] ?? []).map((m) => ({
    firstCol: m.s.c,
    firstRow: m.s.r + 1,
    lastCol: m.e.c,
    lastRow: m.e.r + 1,
  }))
}

/** Converts a sheet's rows in batches: `next(n)` returns up to n non-empty rows, [] at the end. */
export function sheetCursor(
  XLSX: typeof SheetJs,
  wb: SheetJs.WorkBook,
  index: number,
  fileName: string,
  limits: IngestLimits,
): { next(n: number): RawRow[]; fraction(): number } {
  const date1904 = wb.Workbook?.WBProps?.date1904 === true
  const name = wb.SheetNames[index] as string
  const ws = wb.Sheets[name]
  const dense =
    (ws as unknown as { '!data'?: (SheetJs.CellObject | undefined)[][] } | undefined)?.['!data'] ?? []
  let r = 0
  let emitted = 0
  return {
    fraction: () => (dense.length === 0 ? 1 : r / dense.length),
    next(n) {
      const out: RawRow[] = []
      for (; r < dense.length && out.length < n; r++) {
        const src = dense[r]
        if (!src) continue
        if (src.length > limits.maxColumns) {
          throw new IngestError(
            INGEST_TOO_MANY_COLUMNS,
            `Sheet "${name}" of "${fileName}" has more than ${limits.maxColumns} columns (row ${r + 1})`,
            { fileName, sheet: name, row: r + 1, limit: limits.maxColumns },
          )
        }
        let cells: CellValue[] | null = null
        for (let c = 0; c < src.length; c++) {
          const v = cellValue(XLSX, src[c], date1904)
          if (v === null || v === '') continue
          if (cells === null) cells = []
          while (cells.length < c) cells.push(null)
          cells[c] = v
        }
        if (cells === null) continue
        if (emitted >= limits.maxRows) {
          throw new IngestError(
            INGEST_TOO_MANY_ROWS,
            `Sheet "${name}" of "${fileName}" has more than ${limits.maxRows} rows`,
            { fileName, sheet: name, limit: limits.maxRows },
          )
        }
        emitted++
        out.push({ row: r + 1, cells })
      }
      return out
    },
  }
}

function cellValue(XLSX: typeof SheetJs, cell: SheetJs.CellObject | undefined, date1904: boolean): CellValue {
  if (!cell) return null
  switch (cell.t) {
    case 'n': {
      const n = cell.v as number
      if (typeof cell.z === 'string' && XLSX.SSF.is_date(cell.z)) {
        return { kind: 'date', serial: date1904 ? n + DATE1904_OFFSET : n }
      }
      return n
    }
    case 's':
      return typeof cell.v === 'string' ? cell.v : String(cell.v ?? '')
    case 'b':
      return cell.v === true
    case 'e':
      return cell.w ?? '#ERROR'
    case 'd': {
      const d = cell.v instanceof Date ? cell.v : new Date(String(cell.v))
      return { kind: 'date', serial: d.getTime() / 86_400_000 + 25_569 }
    }
    default:
      return null
  }
}

export function encrypted(fileName: string): IngestError {
  return new IngestError(
    INGEST_ENCRYPTED,
    `File "${fileName}" is password-protected; open it in Excel, remove the password and upload it again`,
    { fileName },
  )
}

/** Refuses encrypted OOXML (an OLE2 container holding EncryptedPackage) and BIFF workbooks with FILEPASS. */
export function assertOleReadable(XLSX: typeof SheetJs, bytes: Buffer, fileName: string): void {
  let cfb: ReturnType<typeof SheetJs.CFB.read>
  try {
    cfb = XLSX.CFB.read(bytes, { type: 'buffer' })
  } catch (e) {
    throw asIngestError(e, fileName)
  }
  const names = new Set(cfb.FullPaths.map((p: string) => p.replace(/\/$/, '').split('/').pop() ?? ''))
  if (OLE_ENCRYPTED_STREAMS.some((s) => names.has(s))) throw encrypted(fileName)
  const wbEntry = XLSX.CFB.find(cfb, 'Workbook') ?? XLSX.CFB.find(cfb, 'Book')
  if (!wbEntry?.content) {
    throw new IngestError(
      INGEST_UNSUPPORTED_FORMAT,
      `File "${fileName}" is an OLE2 document but not an Excel workbook`,
      { fileName },
    )
  }
  const data = Buffer.from(wbEntry.content as Uint8Array)
  // The globals substream runs from the first BOF to its EOF; FILEPASS, when present, sits in it.
  let p = 0
  while (p + 4 <= data.length) {
    const type = data.readUInt16LE(p)
    const len = data.readUInt16LE(p + 2)
    if (type === BIFF_FILEPASS) throw encrypted(fileName)
    if (type === BIFF_EOF) return
    p += 4 + len
  }
  if (p === 0)
    throw new IngestError(INGEST_CORRUPT, `File "${fileName}" has an empty workbook stream`, { fileName })
}
