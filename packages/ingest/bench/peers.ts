import ExcelJS from 'exceljs'

/** exceljs's streaming reader, parse only, touching every row as a loader would: the peer of our reader. */
export async function exceljsParse(path: string): Promise<number> {
  let n = 0
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  })
  for await (const ws of reader) {
    for await (const row of ws) {
      if ((row as ExcelJS.Row).values) n++
    }
  }
  return n
}
