import { afterAll, describe, expect, it } from 'vitest'
import {
  INGEST_CORRUPT,
  INGEST_DTD_FORBIDDEN,
  INGEST_EMPTY_FILE,
  INGEST_ENCRYPTED,
  INGEST_FILE_TOO_LARGE,
  INGEST_TIMEOUT,
  INGEST_UNSUPPORTED_FORMAT,
  INGEST_ZIP_BOMB,
  IngestError,
  type IngestErrorCode,
} from './errors'
import { previewSheet } from './table'
import { buildOle, encryptedBiffStream } from './testing/ole'
import { readAll, tempDir } from './testing/temp'
import { buildXlsx } from './testing/xlsx-fixture'
import { buildZip } from './testing/zip-writer'
import { openWorkbook, type ReadSheetOptions, readSheet } from './workbook'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

const VALID = buildXlsx({
  sheets: [
    {
      name: 'Отчёт',
      rows: Array.from({ length: 200 }, (_v, i) => [
        `Город ${i}`,
        i * 1.5,
        { date: 45000 + i },
        { inline: `№${i}` },
      ]),
      merges: ['A1:B1'],
    },
  ],
})

const DOCTYPE = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
const withDoctype = (part: string, body: string) =>
  buildXlsx({ sheets: [{ name: 'S', rows: [['a']] }], parts: [{ name: part, data: DOCTYPE + body }] })

/** Reads the whole file the way an upload does: list sheets, then every row. Returns the code or 'ok'. */
async function outcome(path: string, opts: ReadSheetOptions = {}): Promise<IngestErrorCode | 'ok'> {
  try {
    await openWorkbook(path, opts)
    await readAll(path, { timeoutMs: 10_000, ...opts })
    return 'ok'
  } catch (e) {
    if (e instanceof IngestError) {
      expect(e.message.length).toBeGreaterThan(10)
      return e.code
    }
    throw new Error(`non-IngestError escaped: ${e instanceof Error ? e.stack : String(e)}`)
  }
}

// Deterministic PRNG so a failing mutation can be replayed.
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

describe('hostile and broken files', () => {
  const cases: [string, string, Buffer, IngestErrorCode, Partial<ReadSheetOptions>?][] = [
    ['empty file', 'empty.xlsx', Buffer.alloc(0), INGEST_EMPTY_FILE],
    ['truncated zip', 'truncated.xlsx', VALID.subarray(0, Math.floor(VALID.length / 2)), INGEST_CORRUPT],
    ['zip without a workbook', 'nowb.xlsx', buildZip([{ name: 'hello.txt', data: 'hi' }]), INGEST_CORRUPT],
    [
      'binary garbage named .csv',
      'garbage.csv',
      Buffer.from(Array.from({ length: 4096 }, (_v, i) => (i * 7919) % 256)),
      INGEST_UNSUPPORTED_FORMAT,
    ],
    [
      'html named .xls',
      'report.xls',
      Buffer.from('<html><body><table><tr><td>1</td></tr></table></body></html>'),
      INGEST_UNSUPPORTED_FORMAT,
    ],
    [
      'DOCTYPE in a sheet',
      'dtd-sheet.xlsx',
      withDoctype('xl/worksheets/sheet1.xml', '<worksheet><sheetData/></worksheet>'),
      INGEST_DTD_FORBIDDEN,
    ],
    [
      'DOCTYPE in the workbook',
      'dtd-wb.xlsx',
      withDoctype('xl/workbook.xml', '<workbook/>'),
      INGEST_DTD_FORBIDDEN,
    ],
    [
      'DOCTYPE in shared strings',
      'dtd-sst.xlsx',
      withDoctype('xl/sharedStrings.xml', '<sst><si><t>&lol2;</t></si></sst>'),
      INGEST_DTD_FORBIDDEN,
    ],
    [
      'encrypted xlsx (OLE2 + EncryptedPackage)',
      'secret.xlsx',
      buildOle({ EncryptionInfo: Buffer.alloc(64, 1), EncryptedPackage: Buffer.alloc(4096, 2) }),
      INGEST_ENCRYPTED,
    ],
    [
      'encrypted xls (FILEPASS)',
      'secret.xls',
      buildOle({ Workbook: encryptedBiffStream() }),
      INGEST_ENCRYPTED,
    ],
    [
      'OLE2 that is not a workbook',
      'doc.xls',
      buildOle({ WordDocument: Buffer.alloc(1024, 3) }),
      INGEST_UNSUPPORTED_FORMAT,
    ],
    [
      'file over the size limit',
      'big.xlsx',
      VALID,
      INGEST_FILE_TOO_LARGE,
      { limits: { maxFileBytes: 1000 } },
    ],
    ['already aborted', 'slow.xlsx', VALID, INGEST_TIMEOUT, { signal: AbortSignal.abort() }],
    [
      'too many zip entries',
      'entries.xlsx',
      buildZip(Array.from({ length: 120 }, (_v, i) => ({ name: `f${i}.xml`, data: 'x' }))),
      INGEST_ZIP_BOMB,
      { limits: { maxZipEntries: 100 } },
    ],
  ]

  it.each(cases)('%s -> %s', async (_name, file, bytes, code, opts) => {
    expect(await outcome(tmp.file(file, bytes), opts ?? {})).toBe(code)
  })

  it('stops a zip bomb while inflating, whatever its headers claim', async () => {
    const zeros = Buffer.alloc(64 * 1024 * 1024)
    const sheet = Buffer.concat([
      Buffer.from('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'),
      zeros,
    ])
    for (const claimedSize of [undefined, 100]) {
      const p = tmp.file(
        `bomb-${claimedSize}.xlsx`,
        buildXlsx({
          sheets: [{ name: 'S', rows: [['a']] }],
          parts: [{ name: 'xl/worksheets/sheet1.xml', data: sheet, claimedSize }],
        }),
      )
      expect(await outcome(p)).toBe(INGEST_ZIP_BOMB)
    }
    // Below the ratio limit but over the total: the absolute cap holds too.
    const p = tmp.file(
      'bomb-total.xlsx',
      buildXlsx({
        sheets: [{ name: 'S', rows: [['a']] }],
        parts: [{ name: 'xl/worksheets/sheet1.xml', data: sheet }],
      }),
    )
    expect(
      await outcome(p, { limits: { maxCompressionRatio: 1e9, maxTotalUncompressedBytes: 8 * 1024 * 1024 } }),
    ).toBe(INGEST_ZIP_BOMB)
  })

  it('refuses a deflate stream that is not valid', async () => {
    const zip = buildXlsx({ sheets: [{ name: 'S', rows: [['a']] }] })
    const mutated = Buffer.from(zip)
    const at = mutated.indexOf(Buffer.from('xl/worksheets/sheet1.xml')) + 'xl/worksheets/sheet1.xml'.length
    mutated.fill(0xff, at, at + 8)
    expect(await outcome(tmp.file('bad-deflate.xlsx', mutated))).toBe(INGEST_CORRUPT)
  })

  it('never hangs or throws anything but IngestError on random byte flips of a valid xlsx', async () => {
    const codes = new Map<string, number>()
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed)
      const bytes = Buffer.from(VALID)
      const flips = 1 + Math.floor(r() * 8)
      for (let k = 0; k < flips; k++) bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256)
      const code = await outcome(tmp.file(`flip-${seed}.xlsx`, bytes))
      codes.set(code, (codes.get(code) ?? 0) + 1)
    }
    // Most flips land in deflated data and must be reported as damage, not read as if nothing happened.
    expect(codes.get(INGEST_CORRUPT) ?? 0).toBeGreaterThan(0)
  })

  it('never hangs or throws anything but IngestError on truncations at every 97th byte', async () => {
    for (let cut = 1; cut < VALID.length; cut += 97) {
      const code = await outcome(tmp.file('cut.xlsx', VALID.subarray(0, cut)))
      expect(code).not.toBe('ok')
    }
  })

  it('reports a timeout through the deadline while reading', async () => {
    const rows = Array.from({ length: 30_000 }, (_v, i) => [`r${i}`, i])
    const p = tmp.file('timeout.xlsx', buildXlsx({ sheets: [{ name: 'S', rows }] }))
    const ctl = new AbortController()
    let n = 0
    await expect(
      (async () => {
        for await (const b of readSheet(p, { signal: ctl.signal })) {
          n += b.length
          ctl.abort()
        }
      })(),
    ).rejects.toMatchObject({ code: INGEST_TIMEOUT })
    expect(n).toBeGreaterThan(0)
  })

  it('gives a clear error for a sheet without any header text', async () => {
    const p = tmp.file('blank.xlsx', buildXlsx({ sheets: [{ name: 'S', rows: [] }] }))
    await expect(previewSheet(p)).rejects.toMatchObject({ code: 'INGEST_NO_HEADER' })
  })
})
