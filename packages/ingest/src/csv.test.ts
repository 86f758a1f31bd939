import iconv from 'iconv-lite'
import { afterAll, describe, expect, it } from 'vitest'
import { CsvParser, detectEncoding, sniffDelimiter } from './csv'
import { INGEST_CORRUPT, INGEST_TOO_MANY_COLUMNS } from './errors'
import { DEFAULT_LIMITS } from './limits'
import { readAll, tempDir } from './testing/temp'
import { openWorkbook } from './workbook'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

const TEXT =
  'Город;Сумма;Дата\r\nМосква;"1 234,56";31.12.2025\r\n"Санкт-Петербург; центр";"10";01.01.2026\r\n'

describe('csv encodings and delimiters', () => {
  it.each([
    ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), 'utf-8'],
    ['utf-8', Buffer.from(TEXT), 'utf-8'],
    [
      'utf-16le with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]),
      'utf-16le',
    ],
    [
      'utf-16be with BOM',
      Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(TEXT, 'utf-16be')]),
      'utf-16be',
    ],
    ['utf-16le without BOM', Buffer.from(TEXT, 'utf16le'), 'utf-16le'],
    ['windows-1251', iconv.encode(TEXT, 'win1251'), 'windows-1251'],
  ])('reads %s', async (name, bytes, encoding) => {
    const p = tmp.file(`${name.replace(/\W+/g, '-')}.csv`, bytes)
    const wb = await openWorkbook(p)
    expect(wb.csv).toEqual({ encoding, delimiter: ';' })
    const rows = await readAll(p)
    expect(rows).toEqual([
      { row: 1, cells: ['Город', 'Сумма', 'Дата'] },
      { row: 2, cells: ['Москва', '1 234,56', '31.12.2025'] },
      { row: 3, cells: ['Санкт-Петербург; центр', '10', '01.01.2026'] },
    ])
  })

  it('reports progress by bytes read', async () => {
    const p = tmp.file('progress.csv', `a;b\n${'x;1\n'.repeat(200_000)}`)
    const seen: number[] = []
    let rows = 0
    for (const r of await readAll(p, { onProgress: (f) => seen.push(f) })) rows += r.cells.length > 0 ? 1 : 0
    expect(rows).toBe(200_001)
    expect(seen.length).toBeGreaterThan(1)
    expect(seen[seen.length - 1]).toBe(1)
  })

  it('sniffs comma, semicolon and tab', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n', 'x.csv')).toBe(',')
    expect(sniffDelimiter('a;b;c\n"1,5";2;3\n', 'x.csv')).toBe(';')
    expect(sniffDelimiter('a\tb\tc\n1\t2,5\t3\n', 'x.csv')).toBe('\t')
    expect(sniffDelimiter('a,b\n', 'x.tsv')).toBe('\t')
  })

  it('tells UTF-8 from Windows-1251 even when a sample cuts a character', () => {
    const utf = Buffer.from('Привет, мир')
    expect(detectEncoding(utf.subarray(0, 3))).toBe('utf-8')
    expect(detectEncoding(iconv.encode('Привет, мир', 'win1251'))).toBe('windows-1251')
  })
})

describe('RFC 4180 parsing', () => {
  const parse = (chunks: string[], delimiter: ',' | ';' = ',') => {
    const p = new CsvParser(delimiter, 't.csv', DEFAULT_LIMITS)
    const out = chunks.flatMap((c, i) => p.push(c, i === chunks.length - 1))
    return out.map((r) => [r.row, ...r.cells])
  }

  it('handles quotes, escaped quotes, embedded newlines and every line ending', () => {
    expect(parse(['a,"b ""q"" c","multi\nline"\r\nx,,z\ry,1,2\n'])).toEqual([
      [1, 'a', 'b "q" c', 'multi\nline'],
      [2, 'x', null, 'z'],
      [3, 'y', '1', '2'],
    ])
  })

  it('gives the same rows whatever the chunk boundaries', () => {
    const text = 'h1,h2\r\n"a,1","b""2"\r\n\r\nc,"d\r\ne"\r\nlast,row'
    const whole = parse([text])
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)])).toEqual(whole)
    }
    expect(whole).toEqual([
      [1, 'h1', 'h2'],
      [2, 'a,1', 'b"2'],
      [4, 'c', 'd\r\ne'],
      [5, 'last', 'row'],
    ])
  })

  it('refuses an unclosed quote and too many columns', () => {
    expect(() => parse(['a,"never closed\n'])).toThrow(expect.objectContaining({ code: INGEST_CORRUPT }))
    const p = new CsvParser(',', 'w.csv', { ...DEFAULT_LIMITS, maxColumns: 3 })
    expect(() => p.push('1,2,3,4\n', true)).toThrow(
      expect.objectContaining({ code: INGEST_TOO_MANY_COLUMNS }),
    )
  })
})
