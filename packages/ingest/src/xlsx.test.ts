import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { excelDate } from './cell'
import { INGEST_SHEET_NOT_FOUND, INGEST_TOO_MANY_COLUMNS, INGEST_TOO_MANY_ROWS } from './errors'
import { parseCell } from './parse-cell'
import { readAll, tempDir } from './testing/temp'
import { buildXlsx } from './testing/xlsx-fixture'
import { openWorkbook, readSheet } from './workbook'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

describe('xlsx reader', () => {
  it('reads shared strings, inline strings, numbers, booleans, errors and formulas with cached values', async () => {
    const p = tmp.file(
      'mixed.xlsx',
      buildXlsx({
        sheets: [
          {
            name: 'Данные',
            rows: [
              ['Город', 'Сумма', 'Флаг', 'Формула', 'Ошибка'],
              [
                { inline: 'Москва & <Ко>' },
                1234.56,
                true,
                { formula: 'B2*2', value: 2469.12 },
                { error: '#DIV/0!' },
              ],
              ['Казань', -7, false, { formula: 'A3&"!"', value: 'Казань!', type: 'str' }, null],
              ['Пермь', 3, null, { formula: 'NOW()', value: null }],
            ],
          },
        ],
      }),
    )
    const rows = await readAll(p)
    expect(rows).toEqual([
      { row: 1, cells: ['Город', 'Сумма', 'Флаг', 'Формула', 'Ошибка'] },
      { row: 2, cells: ['Москва & <Ко>', 1234.56, true, 2469.12, '#DIV/0!'] },
      { row: 3, cells: ['Казань', -7, false, 'Казань!'] },
      { row: 4, cells: ['Пермь', 3] },
    ])
  })

  it('recognises date cells by built-in and custom formats, in the 1900 system', async () => {
    const p = tmp.file(
      'dates.xlsx',
      buildXlsx({
        customDateFormat: '[$-419]dd mmmm yyyy "г."',
        sheets: [
          {
            name: 'S',
            rows: [
              ['d14', 'd22', 'custom', 'plain', 'decimal style'],
              [
                { date: 45657, style: 1 },
                { date: 45657.5, style: 2 },
                { date: 45658, style: 3 },
                45657,
                { date: 12.5, style: 4 },
              ],
            ],
          },
        ],
      }),
    )
    const [, row] = await readAll(p)
    expect(row!.cells).toEqual([
      excelDate(45657, false),
      excelDate(45657.5, false),
      excelDate(45658, false),
      45657,
      12.5,
    ])
    const v = (i: number, t: 'date' | 'timestamp') => parseCell(t, row!.cells[i]!)
    expect(v(0, 'date')).toEqual({ ok: true, value: '2024-12-31' })
    expect(v(1, 'timestamp')).toEqual({ ok: true, value: '2024-12-31 12:00:00' })
  })

  it('shifts 1904-system dates', async () => {
    const p = tmp.file(
      '1904.xlsx',
      buildXlsx({ date1904: true, sheets: [{ name: 'S', rows: [['d'], [{ date: 44195 }]] }] }),
    )
    const [, row] = await readAll(p)
    expect(parseCell('date', row!.cells[0]!)).toEqual({ ok: true, value: '2024-12-31' })
  })

  it('lists sheets, skips hidden ones by default and reads a picked sheet', async () => {
    const p = tmp.file(
      'sheets.xlsx',
      buildXlsx({
        sheets: [
          { name: 'Скрытый', state: 'hidden', rows: [['secret']] },
          { name: 'Отчёт', rows: [['a'], [1]] },
          { name: 'Очень скрытый', state: 'veryHidden', rows: [['x']] },
          { name: 'Второй', rows: [['b'], [2]] },
        ],
      }),
    )
    const wb = await openWorkbook(p)
    expect(wb.format).toBe('xlsx')
    expect(wb.sheets.map((s) => s.name)).toEqual(['Отчёт', 'Второй'])
    const all = await openWorkbook(p, { includeHidden: true })
    expect(all.sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['Скрытый', true],
      ['Отчёт', false],
      ['Очень скрытый', true],
      ['Второй', false],
    ])
    expect((await readAll(p))[0]!.cells).toEqual(['a'])
    expect((await readAll(p, { sheet: 'второй' }))[1]!.cells).toEqual([2])
    await expect(readAll(p, { sheet: 'Скрытый' })).rejects.toMatchObject({ code: INGEST_SHEET_NOT_FOUND })
    expect((await readAll(p, { sheet: 'Скрытый', includeHidden: true }))[0]!.cells).toEqual(['secret'])
    await expect(readAll(p, { sheet: 'Нет такого' })).rejects.toMatchObject({ code: INGEST_SHEET_NOT_FOUND })
  })

  it('reports merged ranges, skips empty rows and keeps Excel row numbers', async () => {
    const p = tmp.file(
      'merged.xlsx',
      buildXlsx({
        sheets: [
          {
            name: 'S',
            firstRow: 3,
            rows: [['Регион', 'Выручка', null], [null, 'План', 'Факт'], [], ['Москва', 10, 12]],
            merges: ['A3:A4', 'B3:C3'],
          },
        ],
      }),
    )
    const reader = readSheet(p)
    const rows = []
    for await (const b of reader) rows.push(...b)
    expect(rows.map((r) => r.row)).toEqual([3, 4, 6])
    expect(reader.merges).toEqual([
      { firstCol: 0, firstRow: 3, lastCol: 0, lastRow: 4 },
      { firstCol: 1, firstRow: 3, lastCol: 2, lastRow: 3 },
    ])
  })

  it('reads sheets whose elements carry a namespace prefix', async () => {
    const p = tmp.file(
      'prefixed.xlsx',
      buildXlsx({
        nsPrefix: 'x:',
        sheets: [
          {
            name: 'S',
            rows: [
              ['h1', 'h2'],
              [{ inline: 'v' }, 5],
            ],
            merges: ['A1:B1'],
          },
        ],
      }),
    )
    const reader = readSheet(p)
    const rows = []
    for await (const b of reader) rows.push(...b)
    expect(rows).toEqual([
      { row: 1, cells: ['h1', 'h2'] },
      { row: 2, cells: ['v', 5] },
    ])
    expect(reader.merges).toHaveLength(1)
  })

  it('reads prefixed shared strings, rich text runs without phonetics, and tags split over lines', async () => {
    const sst = `<?xml version="1.0"?><x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:si><x:t>Один</x:t></x:si><x:si><x:r><x:t>Два </x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">и три</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ふりがな</x:t></x:rPh></x:si><x:si/></x:sst>`
    const sheet = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c\n r="A1"\n t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s">\n<v>0</v>\n</c></row></sheetData></worksheet>`
    const p = tmp.file(
      'prefixed-sst.xlsx',
      buildXlsx({
        sheets: [{ name: 'S', rows: [] }],
        parts: [
          { name: 'xl/sharedStrings.xml', data: sst },
          { name: 'xl/worksheets/sheet1.xml', data: sheet },
        ],
      }),
    )
    expect(await readAll(p)).toEqual([{ row: 1, cells: ['Один', 'Два и три', null, 'Один'] }])
  })

  it('reads what exceljs writes (a real writer, not our fixture builder)', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Лист1')
    ws.addRow(['Имя', 'Дата', 'Сумма'])
    ws.addRow(['Анна', new Date(Date.UTC(2025, 11, 31)), 1234.5])
    ws.getCell('B2').numFmt = 'dd.mm.yyyy'
    ws.addRow(['Борис', new Date(Date.UTC(2025, 0, 1)), { formula: 'C2*2', result: 2469 }])
    ws.getCell('B3').numFmt = 'dd.mm.yyyy'
    const p = `${tmp.dir}/exceljs.xlsx`
    await wb.xlsx.writeFile(p)
    const rows = await readAll(p)
    expect(rows[0]!.cells).toEqual(['Имя', 'Дата', 'Сумма'])
    expect(parseCell('date', rows[1]!.cells[1]!)).toEqual({ ok: true, value: '2025-12-31' })
    expect(rows[2]!.cells[2]).toBe(2469)
  })

  it('streams many rows in several batches', async () => {
    const rows = Array.from({ length: 20_000 }, (_v, i) => [`Строка ${i}`, i, i / 4])
    const p = tmp.file('long.xlsx', buildXlsx({ sheets: [{ name: 'S', rows }] }))
    let batches = 0
    let count = 0
    let last = null
    for await (const b of readSheet(p)) {
      batches++
      count += b.length
      last = b[b.length - 1]
    }
    expect(count).toBe(20_000)
    expect(batches).toBeGreaterThan(1)
    expect(last).toEqual({ row: 20_000, cells: ['Строка 19999', 19_999, 4999.75] })
  })

  it('reports reading progress up to the whole sheet', async () => {
    const rows = Array.from({ length: 20_000 }, (_v, i) => [`Строка ${i}`, i])
    const p = tmp.file('progress.xlsx', buildXlsx({ sheets: [{ name: 'S', rows }] }))
    const seen: number[] = []
    await readAll(p, { onProgress: (f) => seen.push(f) })
    expect(seen.length).toBeGreaterThan(0)
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
    expect(seen[seen.length - 1]).toBe(1)
  })

  it('refuses sheets beyond the row and column limits', async () => {
    const wide = tmp.file(
      'wide.xlsx',
      buildXlsx({ sheets: [{ name: 'S', rows: [Array.from({ length: 300 }, (_v, i) => i)] }] }),
    )
    await expect(readAll(wide, { limits: { maxColumns: 256 } })).rejects.toMatchObject({
      code: INGEST_TOO_MANY_COLUMNS,
    })
    const ok = await readAll(wide)
    expect(ok[0]!.cells).toHaveLength(300)
    const long = tmp.file(
      'rows.xlsx',
      buildXlsx({ sheets: [{ name: 'S', rows: Array.from({ length: 50 }, (_v, i) => [i]) }] }),
    )
    await expect(readAll(long, { limits: { maxRows: 10 } })).rejects.toMatchObject({
      code: INGEST_TOO_MANY_ROWS,
    })
  })

  it('handles the widest sheet Excel allows (16,384 columns)', async () => {
    const row = Array.from({ length: 16_384 }, (_v, i) => i)
    const p = tmp.file('xfd.xlsx', buildXlsx({ sheets: [{ name: 'S', rows: [row, row] }] }))
    const rows = await readAll(p)
    expect(rows[1]!.cells).toHaveLength(16_384)
    expect(rows[1]!.cells[16_383]).toBe(16_383)
  })
})
