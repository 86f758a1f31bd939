import { afterAll, describe, expect, it } from 'vitest'
import { parseCell } from './parse-cell'
import { writeWithSheetJs } from './testing/ole'
import { readAll, tempDir } from './testing/temp'
import { openWorkbook, readSheet } from './workbook'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

const SHEETS = [
  { name: 'Скрытый', hidden: true, rows: [['x']] },
  {
    name: 'Отчёт',
    rows: [
      ['Регион', 'Выручка', null, 'Дата'],
      [null, 'План', 'Факт', null],
      ['Москва', 1234.56, 1500, new Date(Date.UTC(2025, 11, 31))],
      ['Казань', -7, true, new Date(Date.UTC(2026, 0, 1))],
    ],
    merges: ['A1:A2', 'B1:C1', 'D1:D2'],
  },
]

describe.each(['xls', 'ods'] as const)('%s through SheetJS', (format) => {
  const p = tmp.file(`book.${format}`, writeWithSheetJs(SHEETS, format))

  it('lists visible sheets and reads values, dates and merges', async () => {
    const wb = await openWorkbook(p, { includeHidden: true })
    expect(wb.format).toBe(format)
    expect(wb.sheets.map((s) => s.name)).toEqual(['Скрытый', 'Отчёт'])
    // SheetJS writes the hidden flag into BIFF but not into ODS, so only .xls can show it here.
    if (format === 'xls') expect((await openWorkbook(p)).sheets.map((s) => s.name)).toEqual(['Отчёт'])
    const reader = readSheet(p, { sheet: 'Отчёт' })
    const rows = []
    for await (const b of reader) rows.push(...b)
    expect(rows[0]!.cells).toEqual(['Регион', 'Выручка', null, 'Дата'])
    expect(rows[2]!.cells.slice(0, 3)).toEqual(['Москва', 1234.56, 1500])
    expect(parseCell('date', rows[2]!.cells[3]!)).toEqual({ ok: true, value: '2025-12-31' })
    expect(rows[3]!.cells[2]).toBe(true)
    expect(reader.merges).toContainEqual({ firstCol: 1, firstRow: 1, lastCol: 2, lastRow: 1 })
  })

  it('reads a hidden sheet only when asked', async () => {
    const rows = await readAll(p, { sheet: 'Скрытый', includeHidden: true })
    expect(rows[0]!.cells).toEqual(['x'])
  })
})
