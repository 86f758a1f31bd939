import { INGEST_TIMEOUT, IngestError } from './errors'

/** Bounds applied to every file; all are configurable per call. */
export interface IngestLimits {
  maxFileBytes: number
  /** Sum of inflated bytes over the zip entries actually read. */
  maxTotalUncompressedBytes: number
  maxEntryUncompressedBytes: number
  /**
   * Inflated / compressed, checked once an entry has produced more than 1 MB. Real sheets stay well under 100;
   * deflate bombs sit near its 1032:1 maximum. The absolute size caps bound the rest, as reading streams.
   */
  maxCompressionRatio: number
  maxZipEntries: number
  maxColumns: number
  maxRows: number
  /** Shared strings kept in memory (xlsx sst); each one counts its UTF-16 length. */
  maxSharedStringChars: number
  /** Heap of the worker thread that parses one .xls/.ods with SheetJS (it holds the whole workbook). */
  maxParseMemoryMb: number
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxFileBytes: 200 * 1024 * 1024,
  maxTotalUncompressedBytes: 2 * 1024 * 1024 * 1024,
  maxEntryUncompressedBytes: 1536 * 1024 * 1024,
  maxCompressionRatio: 500,
  maxZipEntries: 10_000,
  maxColumns: 16_384,
  maxRows: 2_000_000,
  maxSharedStringChars: 200 * 1024 * 1024,
  maxParseMemoryMb: 512,
}

export function resolveLimits(partial: Partial<IngestLimits> | undefined): IngestLimits {
  return { ...DEFAULT_LIMITS, ...partial }
}

/** Time limit: an AbortSignal from the caller and/or an absolute deadline (ms since epoch). */
export interface Deadline {
  signal: AbortSignal | null
  deadline: number | null
}

export function checkDeadline(d: Deadline, fileName: string): void {
  if (d.signal?.aborted || (d.deadline !== null && Date.now() > d.deadline)) {
    throw new IngestError(INGEST_TIMEOUT, `Reading "${fileName}" took too long and was stopped`, { fileName })
  }
}
