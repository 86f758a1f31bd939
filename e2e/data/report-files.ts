import path from 'node:path'
import ExcelJS from 'exceljs'

/** The columns of the weekly sales report, as a Russian employee heads them. */
export const HEADERS = ['Дата', 'Регион', 'Код склада', 'Выручка, ₽', 'Количество']

type Row = [date: string, region: string, code: string, revenue: string, qty: number]

/** First upload: three data rows in Russian formats, a totals row, and a second sheet to pick past. */
export const FIRST_ROWS: Row[] = [
  ['01.12.2025', 'Москва', '1050', '1 234,56', 10],
  ['15.12.2025', 'Казань', '2120', '98 765,40', 3],
  ['31.12.2025', 'Пермь', '3070', '500', 7],
]

/** Second upload (appended, later rolled back). */
export const SECOND_ROWS: Row[] = [
  ['05.01.2026', 'Самара', '4010', '2 000,00', 1],
  ['06.01.2026', 'Томск', '5020', '3 000,50', 2],
]

/** A report with two bad cells: a date that does not exist and text in the revenue column. */
export const BAD_ROWS: Row[] = [
  ['07.01.2026', 'Омск', '6010', '1 000', 1],
  ['32.13.2025', 'Сочи', '6020', '2 000', 2],
  ['08.01.2026', 'Уфа', '6030', 'много', 3],
]

/**
 * Writes a report the way people fill them: Cyrillic headers, text cells with `1 234,56` and `31.12.2025`,
 * an "Итого" row at the bottom, and a reference sheet before the data sheet so the user has to pick.
 */
export async function writeReport(dir: string, fileName: string, rows: Row[]): Promise<string> {
  const wb = new ExcelJS.Workbook()
  const reference = wb.addWorksheet('Справочник')
  reference.addRow(['Регион', 'Руководитель'])
  reference.addRow(['Москва', 'Иванов'])
  const sheet = wb.addWorksheet('Продажи')
  sheet.addRow(HEADERS)
  for (const row of rows) sheet.addRow(row)
  sheet.addRow(['Итого', '', '', '', rows.reduce((s, r) => s + r[4], 0)])
  const file = path.join(dir, fileName)
  await wb.xlsx.writeFile(file)
  return file
}
