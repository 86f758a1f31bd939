import { createReadStream } from 'node:fs'
import iconv from 'iconv-lite'
import type { CellValue, RawRow } from './cell'
import { utf16WithoutBom } from './detect'
import {
  asIngestError,
  INGEST_CORRUPT,
  INGEST_TOO_MANY_COLUMNS,
  INGEST_TOO_MANY_ROWS,
  IngestError,
} from './errors'
import { checkDeadline, type Deadline, type IngestLimits } from './limits'

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251'
export type Delimiter = ',' | ';' | '\t'

export interface CsvDialect {
  encoding: TextEncoding
  delimiter: Delimiter
}

const MAX_RECORD_CHARS = 64 * 1024 * 1024

/** Encoding by BOM, then by NUL pattern (UTF-16 without BOM), then UTF-8 if the sample is valid, else Windows-1251. */
export function detectEncoding(sample: Uint8Array): TextEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8'
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le'
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be'
  const nobom = utf16WithoutBom(sample)
  if (nobom === 'le') return 'utf-16le'
  if (nobom === 'be') return 'utf-16be'
  // A multi-byte sequence cut by the end of the sample is not an error: drop up to 3 trailing bytes.
  let end = sample.length
  for (let k = 0; k < 3 && end > 0 && (sample[end - 1]! & 0xc0) === 0x80; k++) end--
  if (end > 0 && sample[end - 1]! >= 0xc0) end--
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end))
    return 'utf-8'
  } catch {
    return 'windows-1251'
  }
}

/** The delimiter whose count per line is the most consistent over the first lines (quotes respected). */
export function sniffDelimiter(text: string, fileName: string): Delimiter {
  if (/\.(tsv|tab)$/i.test(fileName)) return '\t'
  const candidates: Delimiter[] = [';', '\t', ',']
  const lines = splitSampleLines(text, 50)
  let best: Delimiter = ','
  let bestScore = 0
  for (const d of candidates) {
    const counts = lines.map((l) => countOutsideQuotes(l, d))
    const freq = new Map<number, number>()
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1)
    let score = 0
    for (const [count, lines] of freq) score = Math.max(score, lines * 1000 + count)
    if (score > bestScore) {
      bestScore = score
      best = d
    }
  }
  return best
}

function splitSampleLines(text: string, max: number): string[] {
  const out: string[] = []
  let inQuotes = false
  let start = 0
  for (let i = 0; i < text.length && out.length < max; i++) {
    const c = text.charCodeAt(i)
    if (c === 34) inQuotes = !inQuotes
    else if (!inQuotes && (c === 10 || c === 13)) {
      if (i > start) out.push(text.slice(start, i))
      start = i + 1
    }
  }
  if (out.length === 0 && start < text.length) out.push(text.slice(start))
  return out
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0
  let q = false
  const dc = d.charCodeAt(0)
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i)
    if (c === 34) q = !q
    else if (!q && c === dc) n++
  }
  return n
}

interface TextDecoderLike {
  write(b: Buffer): string
  end(): string
}

function decoderFor(encoding: TextEncoding): TextDecoderLike {
  if (encoding === 'utf-8') {
    const td = new TextDecoder('utf-8', { ignoreBOM: false })
    return { write: (b) => td.decode(b, { stream: true }), end: () => td.decode() }
  }
  const d = iconv.getDecoder(encoding)
  return { write: (b) => d.write(b), end: () => d.end() ?? '' }
}

/** Streams records of a CSV/TSV file (RFC 4180: quoted fields, "" escapes, CRLF/LF/CR line ends). */
export async function* readCsv(
  path: string,
  fileName: string,
  dialect: CsvDialect,
  limits: IngestLimits,
  deadline: Deadline,
  onProgress: ((fraction: number) => void) | null = null,
  totalBytes = 0,
): AsyncGenerator<RawRow[]> {
  let done = 0
  const parser = new CsvParser(dialect.delimiter, fileName, limits)
  const decoder = decoderFor(dialect.encoding)
  // 64 KB of bytes decode to a string under V8's large-object size (128 KB): it dies young with the
  // fields sliced from it. 256 KB chunks went to the large-object space, which only a full GC frees, and
  // a 1M-row load grew the heap by ~100 MB.
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 })
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      checkDeadline(deadline, fileName)
      done += chunk.length
      if (onProgress && totalBytes > 0) onProgress(Math.min(1, done / totalBytes))
      const rows = parser.push(decoder.write(chunk), false)
      if (rows.length > 0) yield rows
    }
    const rows = parser.push(decoder.end(), true)
    if (rows.length > 0) yield rows
  } catch (e) {
    throw asIngestError(e, fileName)
  } finally {
    stream.destroy()
  }
}

export class CsvParser {
  private carry = ''
  private record = 0
  private kept = 0
  private readonly delim: number

  constructor(
    delimiter: Delimiter,
    private readonly fileName: string,
    private readonly limits: IngestLimits,
  ) {
    this.delim = delimiter.charCodeAt(0)
  }

  push(text: string, final: boolean): RawRow[] {
    const buf = this.carry + text
    const out: RawRow[] = []
    const n = buf.length
    const delim = this.delim
    let pos = 0
    while (pos < n) {
      const recordStart = pos
      const fields: CellValue[] = []
      let complete = false
      let hasValue = false
      for (;;) {
        let value: string
        if (pos < n && buf.charCodeAt(pos) === 34) {
          let p = pos + 1
          let parts = ''
          let closed = false
          for (;;) {
            const q = buf.indexOf('"', p)
            if (q < 0) break
            if (q + 1 < n && buf.charCodeAt(q + 1) === 34) {
              parts += buf.slice(p, q + 1)
              p = q + 2
              continue
            }
            if (q + 1 >= n && !final) break
            parts += buf.slice(p, q)
            p = q + 1
            closed = true
            break
          }
          if (!closed) {
            if (!final) break
            throw new IngestError(
              INGEST_CORRUPT,
              `File "${this.fileName}" has an unclosed quote at row ${this.record + 1}`,
              {
                fileName: this.fileName,
                row: this.record + 1,
              },
            )
          }
          // Text after a closing quote up to the delimiter is kept, as spreadsheet programs do.
          let e = p
          while (e < n) {
            const c = buf.charCodeAt(e)
            if (c === delim || c === 10 || c === 13) break
            e++
          }
          value = parts + buf.slice(p, e)
          pos = e
        } else {
          let e = pos
          while (e < n) {
            const c = buf.charCodeAt(e)
            if (c === delim || c === 10 || c === 13) break
            e++
          }
          value = buf.slice(pos, e)
          pos = e
        }
        if (value !== '') hasValue = true
        fields.push(value === '' ? null : value)
        if (fields.length > this.limits.maxColumns) {
          throw new IngestError(
            INGEST_TOO_MANY_COLUMNS,
            `File "${this.fileName}" has more than ${this.limits.maxColumns} columns (row ${this.record + 1})`,
            { fileName: this.fileName, row: this.record + 1, limit: this.limits.maxColumns },
          )
        }
        if (pos >= n) {
          complete = final
          break
        }
        const c = buf.charCodeAt(pos)
        if (c === delim) {
          pos++
          continue
        }
        // Line end: \r\n, \n or \r. A \r at the very end of a chunk waits for the next one.
        if (c === 13) {
          if (pos + 1 >= n && !final) break
          pos += buf.charCodeAt(pos + 1) === 10 ? 2 : 1
        } else pos++
        complete = true
        break
      }
      if (!complete) {
        pos = recordStart
        break
      }
      this.record++
      if (!hasValue) continue
      if (++this.kept > this.limits.maxRows) {
        throw new IngestError(
          INGEST_TOO_MANY_ROWS,
          `File "${this.fileName}" has more than ${this.limits.maxRows} rows`,
          {
            fileName: this.fileName,
            limit: this.limits.maxRows,
          },
        )
      }
      out.push({ row: this.record, cells: fields })
    }
    this.carry = buf.slice(pos)
    if (this.carry.length > MAX_RECORD_CHARS) {
      throw new IngestError(
        INGEST_CORRUPT,
        `File "${this.fileName}" has a row longer than 64 MB near row ${this.record + 1}`,
        {
          fileName: this.fileName,
          row: this.record + 1,
        },
      )
    }
    return out
  }
}
