import type { ColumnType, DatasetColumn } from '@vitrina/contracts'
import type ExcelJS from 'exceljs'
import { assertUnreachable } from './errors'

export interface TemplateOptions {
  datasetName: string
  /** Rows that get formats and validation; default 1000. */
  rows?: number
}

const TYPE_NAMES: Record<ColumnType, string> = {
  text: 'Текст',
  integer: 'Целое число',
  decimal: 'Число',
  date: 'Дата',
  timestamp: 'Дата и время',
  boolean: 'Да/нет',
}

const EXAMPLES: Record<ColumnType, string> = {
  text: 'Москва',
  integer: '1 234',
  decimal: '1 234,56',
  date: '31.12.2025',
  timestamp: '31.12.2025 10:30',
  boolean: 'да',
}

function numFmt(type: ColumnType): string {
  switch (type) {
    case 'text':
      return '@'
    case 'integer':
      return '#,##0'
    case 'decimal':
      return '#,##0.00'
    case 'date':
      return 'dd.mm.yyyy'
    case 'timestamp':
      return 'dd.mm.yyyy hh:mm'
    case 'boolean':
      return '@'
    default:
      return assertUnreachable(type)
  }
}

/**
 * An .xlsx template for a dataset: the header row, per-column number/date formats, drop-down lists for
 * yes/no and enumerated columns, type checks for numbers and dates, and an instructions sheet in Russian.
 */
export async function writeTemplate(
  columns: DatasetColumn[],
  outPath: string,
  opts: TemplateOptions,
): Promise<void> {
  const rows = opts.rows ?? 1000
  // Loaded on first use: exceljs costs ~25 MB of memory in every process that imports this package.
  const { default: ExcelJS } = await import('exceljs')
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Данные', { views: [{ state: 'frozen', ySplit: 1 }] })
  // exceljs supports range validations at run time but leaves them out of its typings.
  const validations = (
    ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
  ).dataValidations
  let lists: ExcelJS.Worksheet | null = null
  ws.columns = columns.map((c) => ({
    header: c.displayName,
    key: c.identifier,
    width: Math.max(12, Math.min(40, c.displayName.length + 4)),
  }))
  const header = ws.getRow(1)
  header.font = { bold: true }
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } }
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1)
    col.numFmt = numFmt(c.type)
    const letter = col.letter
    const range = `${letter}2:${letter}${rows + 1}`
    const title = `«${c.displayName}»`
    const base = {
      allowBlank: !c.required,
      showErrorMessage: true,
      errorTitle: 'Неверное значение',
      errorStyle: 'stop' as const,
    }
    if (c.type === 'boolean') {
      validations.add(range, {
        ...base,
        type: 'list',
        formulae: ['"да,нет"'],
        error: `${title}: выберите «да» или «нет»`,
      })
    } else if (c.enumValues && c.enumValues.length > 0) {
      const inline = `"${c.enumValues.join(',')}"`
      let formula = inline
      // Excel limits an inline list to 255 characters and forbids commas inside it: longer lists live on a sheet.
      if (inline.length > 255 || c.enumValues.some((v) => v.includes(',') || v.includes('"'))) {
        lists ??= wb.addWorksheet('Списки', { state: 'hidden' })
        const listCol = lists.getColumn(i + 1)
        c.enumValues.forEach((v, k) => {
          lists!.getCell(k + 1, i + 1).value = v
        })
        formula = `'Списки'!$${listCol.letter}$1:$${listCol.letter}$${c.enumValues.length}`
      }
      validations.add(range, {
        ...base,
        type: 'list',
        formulae: [formula],
        error: `${title}: выберите значение из списка`,
      })
    } else if (c.type === 'integer') {
      validations.add(range, {
        ...base,
        type: 'whole',
        operator: 'between',
        formulae: [-9007199254740991, 9007199254740991],
        error: `${title}: введите целое число`,
      })
    } else if (c.type === 'decimal') {
      validations.add(range, {
        ...base,
        type: 'decimal',
        operator: 'between',
        formulae: [-1e15, 1e15],
        error: `${title}: введите число`,
      })
    } else if (c.type === 'date' || c.type === 'timestamp') {
      validations.add(range, {
        ...base,
        type: 'date',
        operator: 'greaterThan',
        formulae: [new Date(Date.UTC(1900, 0, 1))],
        error: `${title}: введите дату, например ${EXAMPLES[c.type]}`,
      })
    }
  })
  writeInstructions(wb.addWorksheet('Инструкция'), columns, opts.datasetName)
  await wb.xlsx.writeFile(outPath)
}

function writeInstructions(ws: ExcelJS.Worksheet, columns: DatasetColumn[], datasetName: string): void {
  ws.getColumn(1).width = 28
  ws.getColumn(2).width = 16
  ws.getColumn(3).width = 16
  ws.getColumn(4).width = 40
  ws.getColumn(5).width = 20
  const lines = [
    `Шаблон набора данных «${datasetName}»`,
    '',
    'Как заполнять:',
    '1. Вносите данные на лист «Данные», начиная со второй строки. Не меняйте и не удаляйте строку заголовков.',
    '2. Одна строка — одна запись. Не объединяйте ячейки и не оставляйте пустых строк между записями.',
    '3. Строки «Итого» и «Всего» добавлять не нужно: при загрузке они пропускаются.',
    '4. Числа можно писать как 1 234,56 или 1234.56; отрицательные — как -123 или (123); проценты — как 12,5%.',
    '5. Даты — в виде 31.12.2025 или 2025-12-31; дата и время — 31.12.2025 10:30.',
    '6. Обязательные столбцы должны быть заполнены в каждой строке.',
    '7. Если в файле есть ошибка, ничего не загрузится: вы получите список ошибок и копию файла, где неверные ячейки выделены красным.',
    '',
    'Столбцы:',
  ]
  for (const l of lines) ws.addRow([l])
  ws.getRow(1).font = { bold: true, size: 14 }
  const head = ws.addRow(['Столбец', 'Тип', 'Обязательный', 'Допустимые значения', 'Пример'])
  head.font = { bold: true }
  for (const c of columns) {
    const allowed = c.type === 'boolean' ? 'да, нет' : c.enumValues?.length ? c.enumValues.join(', ') : ''
    ws.addRow([
      c.displayName,
      TYPE_NAMES[c.type],
      c.required ? 'да' : 'нет',
      allowed,
      c.enumValues?.[0] ?? EXAMPLES[c.type],
    ])
  }
}
