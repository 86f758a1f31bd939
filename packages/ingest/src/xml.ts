import { INGEST_DTD_FORBIDDEN, IngestError } from './errors'

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
const ENTITY_RE = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g
// OOXML escapes characters XML cannot hold as _xHHHH_ (ECMA-376 22.9.2.19).
const OOXML_ESCAPE_RE = /_x([0-9a-fA-F]{4})_/g

export function decodeXmlText(s: string): string {
  let out = s
  if (out.indexOf('&') >= 0) {
    out = out.replace(ENTITY_RE, (_m, e: string) => {
      if (e.charCodeAt(0) !== 35) return NAMED[e] ?? ''
      const code = e.charCodeAt(1) === 120 ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10)
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ''
    })
  }
  if (out.indexOf('_x') >= 0)
    out = out.replace(OOXML_ESCAPE_RE, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
  return out
}

/** Value of attribute `name` inside text[from, to) (a start tag), or null. Handles ' and " quotes. */
export function attr(text: string, from: number, to: number, name: string): string | null {
  let i = from
  for (;;) {
    i = text.indexOf(name, i)
    if (i < 0 || i >= to) return null
    const before = text.charCodeAt(i - 1)
    const eq = i + name.length
    // Must be a whole attribute name: preceded by whitespace, followed by '='.
    if ((before === 32 || before === 9 || before === 10 || before === 13) && text.charCodeAt(eq) === 61) {
      const q = text.charCodeAt(eq + 1)
      if (q === 34 || q === 39) {
        const end = text.indexOf(q === 34 ? '"' : "'", eq + 2)
        if (end < 0 || end > to) return null
        return text.slice(eq + 2, end)
      }
    }
    i = eq
  }
}

/**
 * DOCTYPE and ENTITY declarations are how XML entity-expansion and external-entity attacks start;
 * OOXML never needs them, so any part carrying one is refused.
 */
export function assertNoDtd(text: string, fileName: string, part: string): void {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new IngestError(
      INGEST_DTD_FORBIDDEN,
      `File "${fileName}" was refused: part "${part}" declares a DOCTYPE`,
      {
        fileName,
        part,
      },
    )
  }
}

/** Namespace prefix of the root element ("" or "x:"), used to build tag names to search for. */
export function rootPrefix(text: string, localName: string): string | null {
  const re = new RegExp(`<([A-Za-z_][\\w.-]*:)?${localName}[\\s>/]`)
  const m = re.exec(text)
  if (!m) return null
  return m[1] ?? ''
}

/** Index of the first element start tag (skipping the XML declaration, comments, DOCTYPE). */
export function firstElementIndex(text: string): number {
  const re = /<[A-Za-z_]/g
  const m = re.exec(text)
  return m ? m.index : -1
}
