import { INGEST_EMPTY_FILE, INGEST_UNSUPPORTED_FORMAT, IngestError } from './errors'

export type FileFormat = 'xlsx' | 'xls' | 'ods' | 'csv'

/** How many leading bytes detectFormat looks at. */
export const SNIFF_BYTES = 64 * 1024

const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet'

/**
 * Format by content first (magic bytes), by name only for text. A renamed file is read as what it is;
 * an OLE2 container is reported as 'xls' and inspected further when opened (it may be an encrypted xlsx).
 */
export function detectFormat(bytes: Uint8Array, fileName: string): FileFormat {
  if (bytes.length === 0) {
    throw new IngestError(INGEST_EMPTY_FILE, `File "${fileName}" is empty`, { fileName })
  }
  if (
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    (bytes[2] === 3 || bytes[2] === 5) &&
    (bytes[3] === 4 || bytes[3] === 6)
  ) {
    const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1')
    if (head.includes(ODS_MIME) && !head.includes(`${ODS_MIME}-template`)) return 'ods'
    if (/\.ods$/i.test(fileName)) return 'ods'
    return 'xlsx'
  }
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'xls'
  if (looksLikeText(bytes)) {
    if (/\.(csv|tsv|txt|tab)$/i.test(fileName)) return 'csv'
    throw unsupported(fileName, 'it is a text file without a .csv or .tsv name')
  }
  throw unsupported(fileName, 'it is neither an Excel, OpenDocument nor a CSV file')
}

function unsupported(fileName: string, why: string): IngestError {
  return new IngestError(INGEST_UNSUPPORTED_FORMAT, `File "${fileName}" cannot be read: ${why}`, { fileName })
}

/** Text unless it holds NUL bytes (outside UTF-16) or many control characters. */
export function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES)
  if (n >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)))
    return true
  if (utf16WithoutBom(bytes) !== null) return true
  let control = 0
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!
    if (b === 0) return false
    if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++
  }
  return control <= n / 100
}

/**
 * 'le' / 'be' for UTF-16 saved without a BOM: the high byte of each code unit is then almost always 0x00
 * (ASCII: digits, delimiters, line ends) or 0x04 (Cyrillic), and at least some are 0x00.
 */
export function utf16WithoutBom(bytes: Uint8Array): 'le' | 'be' | null {
  const n = Math.min(bytes.length, 4096) & ~1
  if (n < 4) return null
  let leHigh = 0
  let beHigh = 0
  let leZero = 0
  let beZero = 0
  for (let i = 0; i < n; i += 2) {
    const even = bytes[i]!
    const odd = bytes[i + 1]!
    if (odd === 0 || odd === 4) leHigh++
    if (even === 0 || even === 4) beHigh++
    if (odd === 0) leZero++
    if (even === 0) beZero++
  }
  const pairs = n / 2
  if (leHigh > pairs * 0.95 && leZero > 0 && beZero < pairs * 0.05) return 'le'
  if (beHigh > pairs * 0.95 && beZero > 0 && leZero < pairs * 0.05) return 'be'
  return null
}
