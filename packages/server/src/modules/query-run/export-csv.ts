import type { ResultColumn } from '@vitrina/contracts'
import type { Row, Value } from '../../warehouse'

/** Characters that make a spreadsheet treat a cell as a formula (or hide one behind a control character). */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * One CSV field (RFC 4180). Text cells starting like a formula get a leading `'` (OWASP CSV injection), so
 * `=HYPERLINK(...)` opens as text in Excel; numbers, decimals and dates are left as they are.
 */
export function csvField(value: Value, type: ResultColumn['type']): string {
  if (value === null) return ''
  let text = String(value)
  if ((type === 'text' || type === 'other') && typeof value === 'string' && FORMULA_START.test(text))
    text = `'${text}`
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text
}

/** UTF-8 BOM (Excel opens Cyrillic correctly), a header line, then one line per row, in batches. */
export async function* csvChunks(
  columns: () => ResultColumn[] | null,
  batches: AsyncIterable<Row[]>,
  onRows: (n: number) => void,
): AsyncGenerator<string> {
  let header = false
  for await (const batch of batches) {
    const cols = columns() ?? []
    let chunk = ''
    if (!header) {
      chunk += `\uFEFF${cols.map((c) => csvField(c.name, 'text')).join(',')}\r\n`
      header = true
    }
    for (const row of batch)
      chunk += `${row.map((v, i) => csvField(v, cols[i]?.type ?? 'other')).join(',')}\r\n`
    onRows(batch.length)
    yield chunk
  }
}
