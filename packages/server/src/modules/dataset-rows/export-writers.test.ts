import type { DatasetColumn } from '@vitrina/contracts'
import { describe, expect, it } from 'vitest'
import { csvLines, guardFormula } from './export-writers'

describe('CSV export', () => {
  it('neutralises text that a spreadsheet would run as a formula', () => {
    for (const s of ['=1+2', '+7', '-SUM(A1)', '@cmd', '\tx', '\rx']) expect(guardFormula(s)).toBe(`'${s}`)
    expect(guardFormula('Москва')).toBe('Москва')
  })

  it('writes a BOM, the headers and quoted fields; numbers stay numbers', async () => {
    const columns: DatasetColumn[] = [
      { displayName: 'Имя, полное', identifier: 'imya', type: 'text', required: false, enumValues: null },
      { displayName: 'Сумма', identifier: 'summa', type: 'decimal', required: false, enumValues: null },
    ]
    async function* rows() {
      yield [
        ['=HYPERLINK("x")', '-5'],
        ['a;b', null],
      ]
    }
    let out = ''
    for await (const chunk of csvLines(columns, rows())) out += chunk
    expect(out).toBe('\ufeff"Имя, полное",Сумма\r\n"\'=HYPERLINK(""x"")",-5\r\n"a;b",\r\n')
  })
})
