import type { DatasetColumn } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { excelDate, parseRange, type RawRow } from './cell'
import { INGEST_NO_HEADER } from './errors'
import { inferSchema } from './infer'
import { dataRows, detectLayout, type LayoutNote } from './layout'
import { mapColumns, RowValidator, validateRows } from './validate'

const rows: RawRow[] = [
  { row: 2, cells: ['Регион', 'Выручка', null, 'Дата'] },
  { row: 3, cells: [null, 'План', 'Факт'] },
  { row: 4, cells: ['Москва', '1 234,56', 1500, '31.12.2025'] },
  { row: 5, cells: ['Казань', '(100)', 2000.5, excelDate(45658, false)] },
  { row: 7, cells: [null, 'Итого', 3500.5] },
  { row: 8, cells: ['Всего по стране', 1, 2] },
]
const merges = ['A2:A3', 'B2:C2', 'D2:D3'].map((r) => parseRange(r)!)

describe('detectLayout', () => {
  it('joins multi-row merged headers and finds where data starts', () => {
    const layout = detectLayout(rows, merges)
    expect(layout.headerRows).toEqual([2, 3])
    expect(layout.columns.map((c) => `${c.letter}:${c.header}`)).toEqual([
      'A:Регион',
      'B:Выручка / План',
      'C:Выручка / Факт',
      'D:Дата',
    ])
  })

  it('takes a single header row when nothing is merged', () => {
    const layout = detectLayout([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: [1, 2] },
    ])
    expect(layout.headerRows).toEqual([1])
    expect(layout.columns.map((c) => c.header)).toEqual(['a', 'b'])
  })

  it('drops totals rows with a note', () => {
    const layout = detectLayout(rows, merges)
    const notes: LayoutNote[] = []
    expect(dataRows(rows, layout, notes).map((r) => r.row)).toEqual([4, 5])
    expect(notes.map((n) => [n.kind, n.row])).toEqual([
      ['totals_row_dropped', 7],
      ['totals_row_dropped', 8],
    ])
  })

  it('refuses a sheet without header text', () => {
    expect(() => detectLayout([])).toThrow(expect.objectContaining({ code: INGEST_NO_HEADER }))
    expect(() => detectLayout([{ row: 1, cells: [1, 2] }])).not.toThrow()
    expect(() => detectLayout([{ row: 1, cells: [null, null, ''] }])).toThrow(
      expect.objectContaining({ code: INGEST_NO_HEADER }),
    )
  })
})

describe('inferSchema', () => {
  it('infers types, nullability and identifiers from a sample', () => {
    const layout = detectLayout(
      [
        { row: 1, cells: ['Имя', 'Кол-во', 'Цена', 'Дата', 'Время', 'Активен', 'Код', 'Выручка, %'] },
        { row: 2, cells: ['А', 1, '1 234,5', '31.12.2025', '31.12.2025 10:00', 'да', '007', '12,5%'] },
        {
          row: 3,
          cells: ['Б', '2', 3, excelDate(45658, false), excelDate(45658.25, false), 'нет', '008', null],
        },
      ],
      [],
    )
    const sample = dataRows([{ row: 2, cells: [] }], layout, [])
    expect(sample).toHaveLength(1)
    const cols = inferSchema(layout, [
      { row: 2, cells: ['А', 1, '1 234,5', '31.12.2025', '31.12.2025 10:00', 'да', '007', '12,5%'] },
      {
        row: 3,
        cells: ['Б', '2', 3, excelDate(45658, false), excelDate(45658.25, false), 'нет', '008', null],
      },
    ])
    expect(cols.map((c) => [c.identifier, c.type, c.nullable])).toEqual([
      ['imya', 'text', false],
      ['kol_vo', 'integer', false],
      ['tsena', 'decimal', false],
      ['data', 'date', false],
      ['vremya', 'timestamp', false],
      ['aktiven', 'boolean', false],
      ['kod', 'text', false],
      ['vyruchka_pct', 'decimal', true],
    ])
    expect(cols[7]!.required).toBe(false)
    expect(cols[0]!.required).toBe(true)
  })
})

describe('inferSchema with placeholders', () => {
  it('treats lone dashes as empty cells of a number column', () => {
    const layout = detectLayout([{ row: 1, cells: ['Кол-во', 'Заметка'] }])
    const cols = inferSchema(layout, [
      { row: 2, cells: [1, '-'] },
      { row: 3, cells: ['—', 'да'] },
      { row: 4, cells: [3, 'текст'] },
    ])
    expect(cols.map((c) => [c.type, c.nullable])).toEqual([
      ['integer', true],
      ['text', true],
    ])
  })
})

describe('validation', () => {
  const columns: DatasetColumn[] = [
    { displayName: 'Регион', identifier: 'region', type: 'text', required: true, enumValues: null },
    { displayName: 'Выручка / План', identifier: 'plan', type: 'decimal', required: false, enumValues: null },
    { displayName: 'Выручка / Факт', identifier: 'fakt', type: 'integer', required: true, enumValues: null },
    { displayName: 'Дата', identifier: 'data', type: 'date', required: true, enumValues: null },
  ]
  const layout = detectLayout(rows, merges)

  it('returns typed rows and a per-cell error list with Excel coordinates', () => {
    const mapping = mapColumns(layout, columns)
    const data = dataRows(rows, layout, [])
    const res = validateRows(data, { columns, keyColumns: [] }, mapping, 'Отчёт')
    expect(res.rows).toEqual([{ row: 4, values: ['Москва', '1234.56', 1500, '2025-12-31'] }])
    expect(res.errors).toEqual([
      {
        sheet: 'Отчёт',
        row: 5,
        column: 'C',
        columnName: 'Выручка / Факт',
        value: '2000.5',
        reason: 'not_an_integer',
        message: 'Sheet "Отчёт", row 5, column C ("Выручка / Факт"): "2000.5" is not a whole number',
      },
    ])
  })

  it('reports required cells, enumerations and duplicate keys across batches', () => {
    const cols: DatasetColumn[] = [
      { displayName: 'Код', identifier: 'kod', type: 'text', required: true, enumValues: null },
      {
        displayName: 'Статус',
        identifier: 'status',
        type: 'text',
        required: false,
        enumValues: ['новый', 'закрыт'],
      },
    ]
    const lay = detectLayout([{ row: 1, cells: ['Код', 'Статус'] }])
    const v = new RowValidator({ columns: cols, keyColumns: ['kod'] }, mapColumns(lay, cols), 'S')
    expect(v.validate([{ row: 2, cells: ['A', 'Новый'] }])).toHaveLength(1)
    expect(
      v.validate([
        { row: 3, cells: ['A', 'закрыт'] },
        { row: 4, cells: [null, 'x'] },
      ]),
    ).toHaveLength(0)
    expect(v.errors.map((e) => [e.row, e.column, e.reason])).toEqual([
      [3, 'A', 'duplicate_key'],
      [4, 'A', 'required'],
      [4, 'B', 'not_in_list'],
    ])
    expect(v.errors[0]!.message).toContain('first seen in row 2')
    const nums: DatasetColumn[] = [
      { displayName: 'Сумма', identifier: 'summa', type: 'decimal', required: true, enumValues: null },
    ]
    const lay2 = detectLayout([{ row: 1, cells: ['Сумма'] }])
    const v2 = new RowValidator({ columns: nums, keyColumns: [] }, mapColumns(lay2, nums), 'S')
    expect(v2.validate([{ row: 2, cells: ['—'] }])).toHaveLength(0)
    expect(v2.errors.map((e) => e.reason)).toEqual(['required'])
  })

  it('refuses a file that lacks a required column', () => {
    const lay = detectLayout([{ row: 1, cells: ['Другое'] }])
    expect(() => mapColumns(lay, columns)).toThrow(expect.objectContaining({ code: INGEST_NO_HEADER }))
  })
})
