import { INGEST_CORRUPT, INGEST_UNSUPPORTED_FORMAT, IngestError } from './errors'
import type { IngestLimits } from './limits'
import { assertNoDtd, attr, decodeXmlText, rootPrefix } from './xml'
import type { ZipArchive } from './zip'

export interface XlsxSheetInfo {
  name: string
  index: number
  hidden: boolean
  /** Path of the sheet part inside the zip. */
  part: string
}

export interface XlsxWorkbook {
  sheets: XlsxSheetInfo[]
  date1904: boolean
  sharedStringsPart: string | null
  stylesPart: string | null
}

/** Built-in number formats that display dates or times (ECMA-376 18.8.30). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57])

export async function readWorkbookMeta(zip: ZipArchive, fileName: string): Promise<XlsxWorkbook> {
  const rootRels = zip.has('_rels/.rels') ? await zip.readText('_rels/.rels') : ''
  assertNoDtd(rootRels, fileName, '_rels/.rels')
  const officeDoc = relationships(rootRels, '').find((r) => r.type.endsWith('/officeDocument'))
  const workbookPart = officeDoc?.target ?? 'xl/workbook.xml'
  if (workbookPart.endsWith('.bin')) {
    throw new IngestError(
      INGEST_UNSUPPORTED_FORMAT,
      `File "${fileName}" is an Excel binary workbook (.xlsb); save it as .xlsx and upload again`,
      { fileName },
    )
  }
  if (!zip.has(workbookPart)) {
    throw new IngestError(INGEST_CORRUPT, `File "${fileName}" is not an Excel workbook (no workbook part)`, {
      fileName,
    })
  }
  const base = workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1)
  const relsPart = `${base}_rels/${workbookPart.slice(base.length)}.rels`
  const wbXml = await zip.readText(workbookPart)
  assertNoDtd(wbXml, fileName, workbookPart)
  const relsXml = zip.has(relsPart) ? await zip.readText(relsPart) : ''
  assertNoDtd(relsXml, fileName, relsPart)
  const rels = relationships(relsXml, base)
  const byId = new Map(rels.map((r) => [r.id, r]))

  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](?:1|true)["']/.test(wbXml)
  const sheets: XlsxSheetInfo[] = []
  for (const m of wbXml.matchAll(/<(?:\w+:)?sheet\b([^>]*)\/?>/g)) {
    const a = ` ${m[1]!}`
    const name = decodeXmlText(attr(a, 0, a.length, 'name') ?? `Sheet${sheets.length + 1}`)
    const state = attr(a, 0, a.length, 'state')
    const rid = attr(a, 0, a.length, 'r:id') ?? relIdAnyPrefix(a)
    const rel = rid ? byId.get(rid) : undefined
    if (!rel || !zip.has(rel.target)) continue
    sheets.push({
      name,
      index: sheets.length,
      hidden: state === 'hidden' || state === 'veryHidden',
      part: rel.target,
    })
  }
  if (sheets.length === 0) {
    throw new IngestError(INGEST_CORRUPT, `File "${fileName}" has no worksheets`, { fileName })
  }
  const sst = rels.find((r) => r.type.endsWith('/sharedStrings'))
  const styles = rels.find((r) => r.type.endsWith('/styles'))
  return {
    sheets,
    date1904,
    sharedStringsPart: sst && zip.has(sst.target) ? sst.target : null,
    stylesPart: styles && zip.has(styles.target) ? styles.target : null,
  }
}

function relIdAnyPrefix(a: string): string | null {
  const m = /\s[\w]+:id\s*=\s*["']([^"']+)["']/.exec(a)
  return m ? m[1]! : null
}

interface Relationship {
  id: string
  type: string
  target: string
}

function relationships(xml: string, base: string): Relationship[] {
  const out: Relationship[] = []
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)\/?>/g)) {
    const a = ` ${m[1]!}`
    const id = attr(a, 0, a.length, 'Id')
    const type = attr(a, 0, a.length, 'Type') ?? ''
    const target = attr(a, 0, a.length, 'Target')
    if (!id || !target || attr(a, 0, a.length, 'TargetMode') === 'External') continue
    out.push({ id, type, target: resolvePart(base, decodeXmlText(target)) })
  }
  return out
}

function resolvePart(base: string, target: string): string {
  const joined = target.startsWith('/') ? target.slice(1) : base + target
  const parts: string[] = []
  for (const p of joined.split('/')) {
    if (p === '..') parts.pop()
    else if (p !== '.' && p !== '') parts.push(p)
  }
  return parts.join('/')
}

/** For each cellXfs index, whether its number format displays a date. */
export async function readDateStyles(
  zip: ZipArchive,
  part: string | null,
  fileName: string,
): Promise<boolean[]> {
  if (!part) return []
  const xml = await zip.readText(part)
  assertNoDtd(xml, fileName, part)
  const custom = new Map<number, string>()
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b([^>]*)\/?>/g)) {
    const a = ` ${m[1]!}`
    const id = Number(attr(a, 0, a.length, 'numFmtId'))
    const code = attr(a, 0, a.length, 'formatCode')
    if (Number.isInteger(id) && code !== null) custom.set(id, decodeXmlText(code))
  }
  const cellXfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)
  if (!cellXfs) return []
  const out: boolean[] = []
  for (const m of cellXfs[1]!.matchAll(/<(?:\w+:)?xf\b([^>]*?)\/?>/g)) {
    const a = ` ${m[1]!}`
    const id = Number(attr(a, 0, a.length, 'numFmtId') ?? 0)
    const code = custom.get(id)
    out.push(code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id))
  }
  return out
}

/**
 * Whether a number format code displays a date or time: after removing quoted text, escapes and
 * [bracketed] parts (colours, locales, elapsed-time markers), any d/m/y/h/s token left means a date.
 */
export function isDateFormat(code: string): boolean {
  const section = code.split(';')[0] ?? ''
  const bare = section
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/_.|\*./g, '')
    .replace(/\[[^\]]*\]/g, '')
  if (/^\s*General\s*$/i.test(bare)) return false
  return /[dmyhs]/i.test(bare.replace(/General/gi, '').replace(/E[+-]/gi, ''))
}

/** Shared strings table; <rPh> phonetic runs are left out as Excel does when showing the cell. */
export async function readSharedStrings(
  zip: ZipArchive,
  part: string | null,
  limits: IngestLimits,
  fileName: string,
): Promise<string[]> {
  if (!part) return []
  const out: string[] = []
  const decoder = new TextDecoder('utf-8')
  let buf = ''
  let chars = 0
  let prolog = true
  // Namespace prefix of the elements ("x:" from some generators), known once the root is seen.
  let p = ''
  for await (const chunk of zip.stream(part)) {
    buf += decoder.decode(chunk, { stream: true })
    if (prolog) {
      const root = buf.search(/<(?:\w+:)?sst[\s>]/)
      if (root < 0 && buf.length < 65536) continue
      assertNoDtd(root < 0 ? buf : buf.slice(0, root), fileName, part)
      prolog = false
      p = root < 0 ? '' : (rootPrefix(buf.slice(root, root + 64), 'sst') ?? '')
    }
    let pos = 0
    for (;;) {
      const start = buf.indexOf(`<${p}si`, pos)
      if (start < 0) break
      const end = buf.indexOf(`</${p}si>`, start)
      if (end < 0) {
        // A self-closing <si/> is an empty string.
        const close = buf.indexOf('>', start)
        if (close > 0 && buf.charCodeAt(close - 1) === 47) {
          out.push('')
          pos = close + 1
          continue
        }
        break
      }
      const s = siText(buf, start, end, p)
      chars += s.length
      if (chars > limits.maxSharedStringChars) {
        throw new IngestError(
          INGEST_CORRUPT,
          `File "${fileName}" has more shared text than the limit allows`,
          {
            fileName,
            limit: limits.maxSharedStringChars,
          },
        )
      }
      out.push(s)
      pos = end + 5 + p.length
    }
    buf = buf.slice(pos)
  }
  return out
}

function siText(buf: string, start: number, end: number, p: string): string {
  const tOpen = `<${p}t`
  const tClose = `</${p}t>`
  const phOpen = `<${p}rPh`
  const phClose = `</${p}rPh>`
  let text = ''
  let i = start
  for (;;) {
    const t = buf.indexOf(tOpen, i)
    if (t < 0 || t >= end) break
    const c = buf.charCodeAt(t + tOpen.length)
    if (c !== 62 && c !== 32) {
      i = t + tOpen.length
      continue
    }
    const phon = buf.indexOf(phOpen, i)
    if (phon >= 0 && phon < t) {
      i = buf.indexOf(phClose, phon)
      if (i < 0 || i > end) break
      continue
    }
    const open = buf.indexOf('>', t)
    if (buf.charCodeAt(open - 1) === 47) {
      i = open + 1
      continue
    }
    const close = buf.indexOf(tClose, open)
    if (close < 0 || close > end) break
    text += buf.slice(open + 1, close)
    i = close + tClose.length
  }
  return decodeXmlText(text)
}
