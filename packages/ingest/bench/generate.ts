import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { contentTypes, ROOT_RELS, xmlEscape } from '../src/testing/xlsx-fixture'
import { StreamingZipWriter } from '../src/testing/zip-writer'

/** Header of the benchmark sheet: text, integers, decimals and dates, as a weekly report would have. */
export const BENCH_HEADERS = [
  'Регион',
  'Менеджер',
  'Дата',
  'Количество',
  'Цена',
  'Выручка',
  'Скидка',
  'Комментарий',
]

const REGIONS = [
  'Москва',
  'Санкт-Петербург',
  'Казань',
  'Новосибирск',
  'Екатеринбург',
  'Самара',
  'Омск',
  'Пермь',
]

/**
 * Writes a rows×8 .xlsx as Excel does (shared strings for text, numeric cells, date cells styled with format 14)
 * and returns its path. Deterministic, so runs are comparable.
 */
export async function generateBenchXlsx(rows: number, dir?: string): Promise<string> {
  const folder = dir ?? (await mkdtemp(join(tmpdir(), 'vitrina-ingest-bench-')))
  const path = join(folder, `bench-${rows}.xlsx`)
  const sst: string[] = [...BENCH_HEADERS, ...REGIONS]
  const managers = Array.from({ length: 200 }, (_v, i) => `Менеджер ${i + 1}`)
  sst.push(...managers)
  const regionBase = BENCH_HEADERS.length
  const managerBase = regionBase + REGIONS.length
  const zip = new StreamingZipWriter(path)
  await zip.addEntry('[Content_Types].xml', [contentTypes(1)])
  await zip.addEntry('_rels/.rels', [ROOT_RELS])
  await zip.addEntry('xl/workbook.xml', [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Отчёт" sheetId="1" r:id="rId1"/></sheets></workbook>',
  ])
  await zip.addEntry('xl/_rels/workbook.xml.rels', [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
  ])
  await zip.addEntry('xl/styles.xml', [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>',
  ])
  await zip.addEntry('xl/sharedStrings.xml', [
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${sst.length}" uniqueCount="${sst.length}">${sst.map((s) => `<si><t>${xmlEscape(s)}</t></si>`).join('')}</sst>`,
  ])
  await zip.addEntry('xl/worksheets/sheet1.xml', sheetChunks(rows, regionBase, managerBase))
  await zip.close()
  return path
}

function* sheetChunks(rows: number, regionBase: number, managerBase: number): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:H${rows + 1}"/><sheetData>`
  yield `<row r="1" spans="1:8">${BENCH_HEADERS.map((_h, i) => `<c r="${String.fromCharCode(65 + i)}1" t="s"><v>${i}</v></c>`).join('')}</row>`
  let chunk = ''
  for (let i = 0; i < rows; i++) {
    const r = i + 2
    const qty = (i * 7919) % 1000
    const price = ((i * 104729) % 100000) / 100
    const revenue = Math.round(qty * price * 100) / 100
    const comment = i % 3 === 0 ? `<c r="H${r}" t="inlineStr"><is><t>Заказ №${i}</t></is></c>` : ''
    chunk += `<row r="${r}" spans="1:8"><c r="A${r}" t="s"><v>${regionBase + (i % 8)}</v></c><c r="B${r}" t="s"><v>${managerBase + (i % 200)}</v></c><c r="C${r}" s="1"><v>${45658 + (i % 365)}</v></c><c r="D${r}"><v>${qty}</v></c><c r="E${r}" s="2"><v>${price}</v></c><c r="F${r}" s="2"><v>${revenue}</v></c><c r="G${r}"><v>${(i % 20) / 100}</v></c>${comment}</row>`
    if (chunk.length > 1 << 20) {
      yield chunk
      chunk = ''
    }
  }
  yield `${chunk}</sheetData></worksheet>`
}

/** The same rows as generateBenchXlsx as a UTF-8 CSV with ; and decimal commas (as Russian Excel saves it). */
export async function generateBenchCsv(rows: number, dir?: string): Promise<string> {
  const { createWriteStream } = await import('node:fs')
  const folder = dir ?? (await mkdtemp(join(tmpdir(), 'vitrina-ingest-bench-')))
  const path = join(folder, `bench-${rows}.csv`)
  const out = createWriteStream(path)
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()))
  await write(`${BENCH_HEADERS.join(';')}\n`)
  let chunk = ''
  for (let i = 0; i < rows; i++) {
    const qty = (i * 7919) % 1000
    const price = ((i * 104729) % 100000) / 100
    const revenue = Math.round(qty * price * 100) / 100
    const day = new Date(Date.UTC(2025, 0, 1 + (i % 365)))
    const date = `${String(day.getUTCDate()).padStart(2, '0')}.${String(day.getUTCMonth() + 1).padStart(2, '0')}.${day.getUTCFullYear()}`
    const comment = i % 3 === 0 ? `"Заказ №${i}; срочно"` : ''
    chunk += `${REGIONS[i % 8]};Менеджер ${(i % 200) + 1};${date};${qty};${String(price).replace('.', ',')};${String(revenue).replace('.', ',')};${String((i % 20) / 100).replace('.', ',')};${comment}\n`
    if (chunk.length > 1 << 20) {
      await write(chunk)
      chunk = ''
    }
  }
  await write(chunk)
  await new Promise<void>((r) => out.end(() => r()))
  return path
}
