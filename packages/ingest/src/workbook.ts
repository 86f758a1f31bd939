import { open, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import iconv from 'iconv-lite'
import type { CellRange, RawRow } from './cell'
import { type CsvDialect, detectEncoding, readCsv, sniffDelimiter } from './csv'
import { detectFormat, type FileFormat, SNIFF_BYTES } from './detect'
import {
  asIngestError,
  assertUnreachable,
  INGEST_EMPTY_FILE,
  INGEST_FILE_TOO_LARGE,
  INGEST_SHEET_NOT_FOUND,
  IngestError,
} from './errors'
import { type Deadline, type IngestLimits, resolveLimits } from './limits'
import { openSheetJs } from './sheetjs'
import { listXlsxSheets, readXlsxSheet } from './xlsx'

export interface ReadOptions {
  /** Name shown in messages; defaults to the base name of the path. */
  fileName?: string
  limits?: Partial<IngestLimits>
  signal?: AbortSignal
  /** Milliseconds from the call; combined with `signal`. */
  timeoutMs?: number
  /** List and allow hidden sheets (skipped by default). */
  includeHidden?: boolean
  /** Share of the file read so far (0..1), called as reading advances; for progress bars. */
  onProgress?: (fraction: number) => void
}

export interface SheetInfo {
  name: string
  index: number
  hidden: boolean
}

export interface WorkbookInfo {
  format: FileFormat
  fileName: string
  sizeBytes: number
  /** Sheets for a picker, in workbook order; hidden ones only with includeHidden. */
  sheets: SheetInfo[]
  /** Encoding and delimiter, for CSV/TSV only. */
  csv: CsvDialect | null
}

export interface ReadSheetOptions extends ReadOptions {
  /** Sheet name or 0-based index among all sheets; default: the first visible sheet. */
  sheet?: string | number
}

/** Async iterable of row batches; `merges` is filled once iteration has finished. */
export interface SheetReader extends AsyncIterable<RawRow[]> {
  merges: CellRange[]
}

interface Prepared {
  format: FileFormat
  fileName: string
  sizeBytes: number
  limits: IngestLimits
  deadline: Deadline
  head: Uint8Array
}

async function prepare(path: string, opts: ReadOptions): Promise<Prepared> {
  const fileName = opts.fileName ?? basename(path)
  const limits = resolveLimits(opts.limits)
  const deadline: Deadline = {
    signal: opts.signal ?? null,
    deadline: opts.timeoutMs !== undefined ? Date.now() + opts.timeoutMs : null,
  }
  let sizeBytes: number
  let head: Uint8Array
  try {
    sizeBytes = (await stat(path)).size
    const fh = await open(path, 'r')
    try {
      const buf = Buffer.alloc(Math.min(sizeBytes, SNIFF_BYTES))
      await fh.read(buf, 0, buf.length, 0)
      head = buf
    } finally {
      await fh.close()
    }
  } catch (e) {
    throw asIngestError(e, fileName)
  }
  if (sizeBytes === 0) throw new IngestError(INGEST_EMPTY_FILE, `File "${fileName}" is empty`, { fileName })
  if (sizeBytes > limits.maxFileBytes) {
    throw new IngestError(
      INGEST_FILE_TOO_LARGE,
      `File "${fileName}" is ${mb(sizeBytes)} MB; the limit is ${mb(limits.maxFileBytes)} MB`,
      { fileName, sizeBytes, limit: limits.maxFileBytes },
    )
  }
  return { format: detectFormat(head, fileName), fileName, sizeBytes, limits, deadline, head }
}

function mb(n: number): string {
  return (n / 1024 / 1024).toFixed(1)
}

function csvDialect(p: Prepared): CsvDialect {
  const encoding = detectEncoding(p.head)
  const sample = iconv.decode(Buffer.from(p.head), encoding)
  return { encoding, delimiter: sniffDelimiter(sample, p.fileName) }
}

/** Detects the format and lists the sheets (for the sheet picker). */
export async function openWorkbook(path: string, opts: ReadOptions = {}): Promise<WorkbookInfo> {
  const p = await prepare(path, opts)
  const all = await listSheets(path, p)
  return {
    format: p.format,
    fileName: p.fileName,
    sizeBytes: p.sizeBytes,
    sheets: opts.includeHidden ? all : all.filter((s) => !s.hidden),
    csv: p.format === 'csv' ? csvDialect(p) : null,
  }
}

async function listSheets(path: string, p: Prepared): Promise<SheetInfo[]> {
  switch (p.format) {
    case 'xlsx':
      return (await listXlsxSheets(path, p.fileName, p.limits, p.deadline)).map(
        ({ name, index, hidden }) => ({
          name,
          index,
          hidden,
        }),
      )
    case 'xls':
    case 'ods': {
      const book = await openSheetJs(path, p.format, p.fileName, p.limits, p.deadline)
      await book.close()
      return book.sheets
    }
    case 'csv':
      return [{ name: p.fileName.replace(/\.[^.]+$/, ''), index: 0, hidden: false }]
    default:
      return assertUnreachable(p.format)
  }
}

function pickSheet<T extends SheetInfo>(sheets: T[], opts: ReadSheetOptions, fileName: string): T {
  const want = opts.sheet
  const found =
    want === undefined
      ? sheets.find((s) => !s.hidden)
      : typeof want === 'number'
        ? sheets[want]
        : (sheets.find((s) => s.name === want) ??
          sheets.find((s) => s.name.toLowerCase() === want.toLowerCase()))
  if (!found || (found.hidden && !opts.includeHidden)) {
    throw new IngestError(
      INGEST_SHEET_NOT_FOUND,
      want === undefined
        ? `File "${fileName}" has no visible sheet`
        : `File "${fileName}" has no sheet "${want}"`,
      { fileName, sheet: want ?? null, sheets: sheets.filter((s) => !s.hidden).map((s) => s.name) },
    )
  }
  return found
}

/** Streams the non-empty rows of one sheet in batches. Never throws anything but IngestError. */
export function readSheet(path: string, opts: ReadSheetOptions = {}): SheetReader {
  const reader: SheetReader = {
    merges: [],
    [Symbol.asyncIterator]: () =>
      iterate(path, opts, (m) => {
        reader.merges = m
      }),
  }
  return reader
}

async function* iterate(
  path: string,
  opts: ReadSheetOptions,
  onMerges: (m: CellRange[]) => void,
): AsyncGenerator<RawRow[]> {
  const p = await prepare(path, opts)
  switch (p.format) {
    case 'xlsx':
      yield* readXlsxSheet(
        path,
        p.fileName,
        (s) => pickSheet(s, opts, p.fileName),
        p.limits,
        p.deadline,
        onMerges,
        opts.onProgress ?? null,
      )
      return
    case 'xls':
    case 'ods': {
      const book = await openSheetJs(path, p.format, p.fileName, p.limits, p.deadline)
      try {
        const sheet = pickSheet(book.sheets, opts, p.fileName)
        yield* book.read(sheet.index, onMerges, opts.onProgress ?? null)
      } finally {
        await book.close()
      }
      return
    }
    case 'csv':
      if (opts.sheet !== undefined && opts.sheet !== 0)
        pickSheet([{ name: p.fileName.replace(/\.[^.]+$/, ''), index: 0, hidden: false }], opts, p.fileName)
      onMerges([])
      yield* readCsv(
        path,
        p.fileName,
        csvDialect(p),
        p.limits,
        p.deadline,
        opts.onProgress ?? null,
        p.sizeBytes,
      )
      return
    default:
      assertUnreachable(p.format)
  }
}
