import type { DatasetColumn } from '@vitrina/contracts'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { writeErrorReport } from './error-report'
import { previewSheet, readTable } from './table'
import { writeTemplate } from './template'
import { readAll, tempDir } from './testing/temp'
import { buildXlsx } from './testing/xlsx-fixture'
import { mapColumns, RowValidator } from './validate'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

const COLUMNS: DatasetColumn[] = [
  { displayName: 'Регион', identifier: 'region', type: 'text', required: true, enumValues: null },
  { displayName: 'Сумма', identifier: 'summa', type: 'decimal', required: true, enumValues: null },
  { displayName: 'Дата', identifier: 'data', type: 'date', required: true, enumValues: null },
  { displayName: 'Активен', identifier: 'aktiven', type: 'boolean', required: false, enumValues: null },
  {
    displayName: 'Статус',
    identifier: 'status',
    type: 'text',
    required: false,
    enumValues: ['новый', 'в работе', 'закрыт'],
  },
]

describe('error report', () => {
  it('copies the sheet, highlights and comments the two bad cells and lists them', async () => {
    const src = tmp.file(
      'upload.xlsx',
      buildXlsx({
        sheets: [
          {
            name: 'Отчёт',
            rows: [
              ['Регион', 'Сумма', 'Дата', 'Активен', 'Статус'],
              ['Москва', '1 234,56', { date: 45657 }, 'да', 'новый'],
              ['Казань', 'много', { date: 45658 }, 'нет', 'закрыт'],
              ['Пермь', 10, '31.02.2025', null, null],
            ],
          },
        ],
      }),
    )
    const preview = await previewSheet(src)
    const validator = new RowValidator(
      { columns: COLUMNS, keyColumns: [] },
      mapColumns(preview.layout, COLUMNS),
      preview.sheet,
    )
    for await (const batch of readTable(src, preview.layout)) validator.validate(batch)
    expect(validator.errors.map((e) => `${e.column}${e.row}:${e.reason}`)).toEqual([
      'B3:not_a_number',
      'C4:not_a_date',
    ])

    const out = `${tmp.dir}/report.xlsx`
    const res = await writeErrorReport({ sourcePath: src, read: {}, errors: validator.errors, outPath: out })
    expect(res).toEqual({ rows: 4, highlighted: 2 })

    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(out)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Отчёт', 'Ошибки'])
    const ws = wb.getWorksheet('Отчёт')!
    expect(ws.getCell('A3').value).toBe('Казань')
    const bad = ws.getCell('B3')
    expect(bad.value).toBe('много')
    expect((bad.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE')
    expect(JSON.stringify(bad.note)).toContain('is not a number')
    expect(ws.getCell('C4').fill).toMatchObject({ pattern: 'solid' })
    expect(ws.getCell('B2').fill).toBeUndefined()
    const list = wb.getWorksheet('Ошибки')!
    expect(list.getRow(2).values).toEqual([
      undefined,
      'Отчёт',
      3,
      'B',
      'Сумма',
      'много',
      'not_a_number',
      validator.errors[0]!.message,
    ])
    // The copy reads back with the same rows as the original.
    expect((await readAll(out)).map((r) => r.row)).toEqual([1, 2, 3, 4])
  })
})

describe('template', () => {
  it('has the header, formats, drop-down lists and a Russian instructions sheet', async () => {
    const out = `${tmp.dir}/template.xlsx`
    await writeTemplate(COLUMNS, out, { datasetName: 'Продажи', rows: 100 })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(out)
    const ws = wb.getWorksheet('Данные')!
    expect(ws.getRow(1).values).toEqual([undefined, 'Регион', 'Сумма', 'Дата', 'Активен', 'Статус'])
    expect(ws.getCell('C2').numFmt).toBe('dd.mm.yyyy')
    expect(ws.getCell('B2').numFmt).toBe('#,##0.00')
    const dv = (
      ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: unknown[] }> } }
    ).dataValidations.model
    // Read back, exceljs expands each range into its cells.
    expect([dv.D2?.type, String(dv.D2?.formulae[0])]).toEqual(['list', '"да,нет"'])
    expect([dv.E101?.type, String(dv.E101?.formulae[0])]).toEqual(['list', '"новый,в работе,закрыт"'])
    expect(dv.B2?.type).toBe('decimal')
    expect(dv.C50?.type).toBe('date')
    expect(dv.A2).toBeUndefined()
    expect(dv.D102).toBeUndefined()
    const help = wb.getWorksheet('Инструкция')!
    const text = help
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === 'string')
      .join('\n')
    expect(text).toContain('Шаблон набора данных «Продажи»')
    expect(text).toContain('Обязательный')
    expect(text).toContain('Да/нет')
    // The template itself reads back through our reader with its header detected.
    const preview = await previewSheet(out)
    expect(preview.layout.columns.map((c) => c.header)).toEqual(COLUMNS.map((c) => c.displayName))
  })
})
