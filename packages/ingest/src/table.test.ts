import { afterAll, describe, expect, it } from 'vitest'
import { previewSheet, readTable } from './table'
import { tempDir } from './testing/temp'
import { buildXlsx } from './testing/xlsx-fixture'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

describe('previewSheet', () => {
  it('finds merged group headers even when it stops reading rows early', async () => {
    const data = Array.from({ length: 3000 }, (_v, i) => [
      `Город ${i}`,
      i,
      i + 0.5,
      { date: 45000 + (i % 300) },
    ])
    const p = tmp.file(
      'report.xlsx',
      buildXlsx({
        sheets: [
          {
            name: 'Отчёт',
            rows: [
              ['Регион', 'Выручка', null, 'Дата'],
              [null, 'План', 'Факт', null],
              ...data,
              ['Итого', 1, 2, null],
            ],
            merges: ['A1:A2', 'B1:C1', 'D1:D2'],
          },
        ],
      }),
    )
    const preview = await previewSheet(p, { sampleRows: 100 })
    expect(preview.sheet).toBe('Отчёт')
    expect(preview.layout.headerRows).toEqual([1, 2])
    expect(preview.columns.map((c) => [c.displayName, c.identifier, c.type])).toEqual([
      ['Регион', 'region', 'text'],
      ['Выручка / План', 'vyruchka_plan', 'integer'],
      ['Выручка / Факт', 'vyruchka_fakt', 'decimal'],
      ['Дата', 'data', 'date'],
    ])
    expect(preview.sample).toHaveLength(100)
    expect(preview.sample[0]!.row).toBe(3)

    const table = readTable(p, preview.layout)
    let count = 0
    for await (const b of table) count += b.length
    expect(count).toBe(3000)
    expect(table.notes).toEqual([expect.objectContaining({ kind: 'totals_row_dropped', row: 3003 })])
  })

  it('previews a Russian CSV', async () => {
    const p = tmp.file(
      'r.csv',
      'Дата;Сумма, ₽;Оплачено\n31.12.2025;1 234,56;да\n01.01.2026;(100);нет\nИтого;1 134,56;\n',
    )
    const preview = await previewSheet(p)
    expect(preview.workbook.csv).toEqual({ encoding: 'utf-8', delimiter: ';' })
    expect(preview.columns.map((c) => [c.identifier, c.type])).toEqual([
      ['data', 'date'],
      ['summa', 'decimal'],
      ['oplacheno', 'boolean'],
    ])
    expect(preview.notes.map((n) => n.row)).toEqual([4])
  })

  it('names columns without a header and says so', async () => {
    const p = tmp.file('noheader.csv', 'a,,c\n1,2,3\n')
    const preview = await previewSheet(p)
    expect(preview.columns.map((c) => c.displayName)).toEqual(['a', 'Столбец B', 'c'])
    expect(preview.notes).toEqual([expect.objectContaining({ kind: 'column_without_header', row: 1 })])
  })
})
