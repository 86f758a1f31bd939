import { describe, expect, it } from 'vitest'
import { csvChunks, csvField } from './export-csv'

describe('CSV export', () => {
  it('prefixes text cells that a spreadsheet would run as formulas', () => {
    for (const v of ['=1+2', '+7', '-cmd', '@SUM(A1)', '\tx', '\rx'])
      expect(csvField(v, 'text').replace(/^"|"$/g, '')).toMatch(/^'/)
    expect(csvField('Москва', 'text')).toBe('Москва')
    // Numbers, exact decimals and dates keep their sign.
    expect(csvField(-5, 'integer')).toBe('-5')
    expect(csvField('-12.50', 'decimal')).toBe('-12.50')
  })

  it('quotes separators, quotes, line breaks and edge spaces', () => {
    expect(csvField('a,b', 'text')).toBe('"a,b"')
    expect(csvField('say "hi"', 'text')).toBe('"say ""hi"""')
    expect(csvField('two\nlines', 'text')).toBe('"two\nlines"')
    expect(csvField(' pad', 'text')).toBe('" pad"')
    expect(csvField(null, 'text')).toBe('')
  })

  it('writes a BOM and header once, then rows in batches', async () => {
    const columns = [
      { name: 'city', type: 'text' as const },
      { name: 'n', type: 'integer' as const },
    ]
    async function* batches() {
      yield [['Москва', 1]]
      yield [['=x', 2]]
    }
    let rows = 0
    let out = ''
    for await (const chunk of csvChunks(
      () => columns,
      batches(),
      (n) => {
        rows += n
      },
    ))
      out += chunk
    expect(out).toBe("\uFEFFcity,n\r\nМосква,1\r\n'=x,2\r\n")
    expect(rows).toBe(2)
  })
})
