import { buildZip, type ZipEntryInput } from './zip-writer'

/** A cell of a hand-built fixture: how it is written into the sheet XML is chosen explicitly. */
export type FixtureCell =
  | string
  | number
  | boolean
  | null
  | { inline: string }
  | { date: number; style?: number }
  | { formula: string; value: string | number | null; type?: 'str' | 'n' }
  | { error: string }

export interface FixtureSheet {
  name: string
  state?: 'hidden' | 'veryHidden'
  rows: FixtureCell[][]
  /** 1-based row number of rows[0]. */
  firstRow?: number
  merges?: string[]
  /** Replaces the generated sheet XML entirely. */
  xml?: string
}

export interface FixtureWorkbook {
  sheets: FixtureSheet[]
  date1904?: boolean
  /** Extra custom number formats: id -> code; styles reference them through cellXfs appended after the defaults. */
  customDateFormat?: string
  /** Extra or replacing parts (e.g. a DOCTYPE injected into a part). */
  parts?: ZipEntryInput[]
  /** Prefix every sheet element with a namespace prefix (as some generators do). */
  nsPrefix?: string
}

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

export function colName(i: number): string {
  let n = i + 1
  let s = ''
  while (n > 0) {
    const r = (n - 1) % 26
    s = String.fromCharCode(65 + r) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

/** Styles: xf 0 general, xf 1 built-in date 14, xf 2 built-in datetime 22, xf 3 custom format 164, xf 4 number 0.00. */
function stylesXml(customDate: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="${xmlEscape(customDate)}"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>`
}

export function buildXlsx(wb: FixtureWorkbook): Buffer {
  const sst: string[] = []
  const sstIndex = new Map<string, number>()
  const p = wb.nsPrefix ?? ''
  const sheetParts = wb.sheets.map((sheet, si) => {
    if (sheet.xml !== undefined) return { name: `xl/worksheets/sheet${si + 1}.xml`, data: sheet.xml }
    const first = sheet.firstRow ?? 1
    const rowsXml = sheet.rows
      .map((cells, ri) => {
        const r = first + ri
        const cs = cells
          .map((c, ci) => {
            const ref = `${colName(ci)}${r}`
            if (c === null) return ''
            if (typeof c === 'string') {
              let idx = sstIndex.get(c)
              if (idx === undefined) {
                idx = sst.length
                sst.push(c)
                sstIndex.set(c, idx)
              }
              return `<${p}c r="${ref}" t="s"><${p}v>${idx}</${p}v></${p}c>`
            }
            if (typeof c === 'number') return `<${p}c r="${ref}"><${p}v>${c}</${p}v></${p}c>`
            if (typeof c === 'boolean') return `<${p}c r="${ref}" t="b"><${p}v>${c ? 1 : 0}</${p}v></${p}c>`
            if ('inline' in c)
              return `<${p}c r="${ref}" t="inlineStr"><${p}is><${p}t>${xmlEscape(c.inline)}</${p}t></${p}is></${p}c>`
            if ('date' in c) return `<${p}c r="${ref}" s="${c.style ?? 1}"><${p}v>${c.date}</${p}v></${p}c>`
            if ('error' in c) return `<${p}c r="${ref}" t="e"><${p}v>${xmlEscape(c.error)}</${p}v></${p}c>`
            const t = c.type === 'str' ? ' t="str"' : ''
            const v = c.value === null ? '' : `<${p}v>${xmlEscape(String(c.value))}</${p}v>`
            return `<${p}c r="${ref}"${t}><${p}f>${xmlEscape(c.formula)}</${p}f>${v}</${p}c>`
          })
          .join('')
        return `<${p}row r="${r}">${cs}</${p}row>`
      })
      .join('')
    const merges = sheet.merges?.length
      ? `<${p}mergeCells count="${sheet.merges.length}">${sheet.merges.map((m) => `<${p}mergeCell ref="${m}"/>`).join('')}</${p}mergeCells>`
      : ''
    const ns = p ? `xmlns:${p.slice(0, -1)}` : 'xmlns'
    const data = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<${p}worksheet ${ns}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><${p}sheetData>${rowsXml}</${p}sheetData>${merges}</${p}worksheet>`
    return { name: `xl/worksheets/sheet${si + 1}.xml`, data }
  })
  const workbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<workbookPr${wb.date1904 ? ' date1904="1"' : ''}/><sheets>${wb.sheets
    .map(
      (s, i) =>
        `<sheet name="${xmlEscape(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`,
    )
    .join('')}</sheets></workbook>`
  const n = wb.sheets.length
  const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${wb.sheets
    .map(
      (_s, i) =>
        `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    )
    .join(
      '',
    )}<Relationship Id="rId${n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId${n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`
  const sstXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${sst.length}" uniqueCount="${sst.length}">${sst
    .map((s) => `<si><t xml:space="preserve">${xmlEscape(s)}</t></si>`)
    .join('')}</sst>`
  const parts: ZipEntryInput[] = [
    { name: '[Content_Types].xml', data: contentTypes(n) },
    { name: '_rels/.rels', data: ROOT_RELS },
    { name: 'xl/workbook.xml', data: workbook },
    { name: 'xl/_rels/workbook.xml.rels', data: rels },
    { name: 'xl/sharedStrings.xml', data: sstXml },
    { name: 'xl/styles.xml', data: stylesXml(wb.customDateFormat ?? 'dd/mm/yyyy') },
    ...sheetParts,
  ]
  for (const extra of wb.parts ?? []) {
    const i = parts.findIndex((x) => x.name === extra.name)
    if (i >= 0) parts[i] = extra
    else parts.push(extra)
  }
  return buildZip(parts)
}

export const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`

export function contentTypes(sheets: number): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${Array.from(
    { length: sheets },
    (_v, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join(
    '',
  )}<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`
}
