import { describe, expect, it } from 'vitest'
import { jpegPdf } from './pdf'

const text = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes)

describe('one-image PDF', () => {
  it('embeds the JPEG as it is, with a cross-reference table that points at every object', () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9])
    const pdf = jpegPdf(jpeg, { width: 1600, height: 900 }, 'Продажи')
    const body = text(pdf)
    expect(body.startsWith('%PDF-1.4')).toBe(true)
    expect(body.trimEnd().endsWith('%%EOF')).toBe(true)
    expect(body).toContain('/Filter /DCTDecode /Length 9')
    expect(body).toContain('/Width 1600 /Height 900')
    const at = body.indexOf('stream\n', body.indexOf('/DCTDecode')) + 'stream\n'.length
    expect([...pdf.slice(at, at + jpeg.length)]).toEqual([...jpeg])
    // Every xref offset lands on "n 0 obj".
    const xref = Number(/startxref\n(\d+)/.exec(body)![1])
    expect(body.slice(xref, xref + 4)).toBe('xref')
    const offsets = [...body.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]))
    expect(offsets).toHaveLength(6)
    for (const [i, offset] of offsets.entries()) expect(body.slice(offset, offset + 7)).toBe(`${i + 1} 0 obj`)
    // The title in UTF-16BE: П = 041F.
    expect(body).toContain('<FEFF041F')
  })

  it('fits a tall image inside the page', () => {
    const body = text(jpegPdf(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), { width: 1000, height: 4000 }, 'x'))
    const [, w, h] = /q ([\d.]+) 0 0 ([\d.]+)/.exec(body)!.map(Number)
    expect(h).toBeCloseTo(595 - 48, 1)
    expect(w).toBeCloseTo((595 - 48) / 4, 1)
  })
})
