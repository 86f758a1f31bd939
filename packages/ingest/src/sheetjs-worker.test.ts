import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INGEST_OUT_OF_MEMORY, INGEST_TIMEOUT, IngestError } from './errors'
import { writeWithSheetJs } from './testing/ole'
import { readAll, tempDir } from './testing/temp'
import { openWorkbook } from './workbook'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

async function failure(work: Promise<unknown>): Promise<IngestError> {
  try {
    await work
  } catch (e) {
    expect(e).toBeInstanceOf(IngestError)
    return e as IngestError
  }
  throw new Error('expected a failure')
}

/** SheetJS parses .xls/.ods whole and synchronously; it must do so in its own thread, capped and stoppable. */
describe('SheetJS in a worker thread', () => {
  let big = ''
  let wide = ''
  const small = tmp.file('small.xls', writeWithSheetJs([{ name: 'Лист', rows: [['a'], [1]] }], 'xls'))

  beforeAll(() => {
    // 30,000 rows × 6 columns, 21 MB of .ods: SheetJS holds its XML and ~80 MB of cells once parsed.
    const rows: unknown[][] = [['Регион', 'Менеджер', 'Код', 'A', 'B', 'C']]
    for (let i = 0; i < 30_000; i++) {
      rows.push([`Регион ${i % 80}`, `Менеджер ${i}`, `K-${i}`, i, i * 2, `x${i}`])
    }
    big = tmp.file('big.ods', writeWithSheetJs([{ name: 'Отчёт', rows }], 'ods'))
    // An .xls: read straight into SheetJS (an .ods is first inflated on this thread, asynchronously, which
    // would let timers run whatever SheetJS does).
    wide = tmp.file('big.xls', writeWithSheetJs([{ name: 'Отчёт', rows: rows.slice(0, 20_001) }], 'xls'))
  }, 60_000)

  it('leaves the event loop free while a large workbook is parsed', async () => {
    let ticked = false
    const timer = setTimeout(() => {
      ticked = true
    }, 20)
    let tickedBeforeParsed: boolean | null = null
    const rows = await readAll(wide).then((r) => {
      tickedBeforeParsed = ticked
      return r
    })
    clearTimeout(timer)
    expect(rows.length).toBe(20_001)
    expect(rows[20_000]?.cells.slice(0, 3)).toEqual(['Регион 79', 'Менеджер 19999', 'K-19999'])
    // A synchronous parse on this thread would have held the timer until after it resolved.
    expect(tickedBeforeParsed).toBe(true)
  })

  it('stops a parse that passes the time limit by terminating its thread', async () => {
    const err = await failure(readAll(wide, { timeoutMs: 30 }))
    expect(err.code).toBe(INGEST_TIMEOUT)
    expect(err.details).toMatchObject({ fileName: 'big.xls' })
    // The process is fine and the next file reads.
    expect((await readAll(small)).map((r) => r.cells)).toEqual([['a'], [1]])
  })

  it('an abort signal stops the parse too', async () => {
    const controller = new AbortController()
    const reading = openWorkbook(wide, { signal: controller.signal })
    setTimeout(() => controller.abort(), 10)
    expect((await failure(reading)).code).toBe(INGEST_TIMEOUT)
  })

  it('refuses a workbook whose parse needs more memory than the cap, and this thread survives', async () => {
    const err = await failure(readAll(big, { limits: { maxParseMemoryMb: 48 } }))
    expect(err.code).toBe(INGEST_OUT_OF_MEMORY)
    expect(err.message).toContain('48 MB')
    expect(
      (await openWorkbook(small, { limits: { maxParseMemoryMb: 48 } })).sheets.map((s) => s.name),
    ).toEqual(['Лист'])
  })
})
