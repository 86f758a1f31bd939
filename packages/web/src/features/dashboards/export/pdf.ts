/**
 * A one-page PDF holding one JPEG image, scaled to fit an A4 landscape page with a margin. A JPEG can go
 * into a PDF as it is (DCTDecode), so this small writer is all the dashboard export needs.
 */
export function jpegPdf(
  jpeg: Uint8Array,
  size: { width: number; height: number },
  title: string,
): Uint8Array {
  const page = { width: 842, height: 595 } // A4 landscape, points
  const margin = 24
  const scale = Math.min((page.width - 2 * margin) / size.width, (page.height - 2 * margin) / size.height)
  const w = size.width * scale
  const h = size.height * scale
  const x = (page.width - w) / 2
  const y = page.height - margin - h
  const content = `q ${w.toFixed(2)} 0 0 ${h.toFixed(2)} ${x.toFixed(2)} ${y.toFixed(2)} cm /Im0 Do Q`
  const encoder = new TextEncoder()
  const parts: Uint8Array[] = []
  const offsets: number[] = []
  let length = 0
  const push = (chunk: string | Uint8Array) => {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk
    parts.push(bytes)
    length += bytes.length
  }
  const object = (body: string | Uint8Array[], n: number) => {
    offsets[n] = length
    push(`${n} 0 obj\n`)
    if (typeof body === 'string') push(body)
    else for (const b of body) push(b)
    push('\nendobj\n')
  }
  // The title goes in as UTF-16BE so Cyrillic survives in the document properties.
  let utf16 = ''
  for (let i = 0; i < Math.min(title.length, 200); i++)
    utf16 += title.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')
  push('%PDF-1.4\n')
  // Bytes over 127 in a comment tell transfer tools the file is binary.
  push(new Uint8Array([0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a]))
  object('<< /Type /Catalog /Pages 2 0 R >>', 1)
  object('<< /Type /Pages /Kids [3 0 R] /Count 1 >>', 2)
  object(
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${page.width} ${page.height}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>`,
    3,
  )
  object(
    [
      encoder.encode(
        `<< /Type /XObject /Subtype /Image /Width ${size.width} /Height ${size.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`,
      ),
      jpeg,
      encoder.encode('\nendstream'),
    ],
    4,
  )
  object(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`, 5)
  object(`<< /Title <FEFF${utf16}> /Producer (Vitrina) >>`, 6)
  const xref = length
  push(`xref\n0 7\n0000000000 65535 f \n`)
  for (let n = 1; n <= 6; n++) push(`${String(offsets[n]).padStart(10, '0')} 00000 n \n`)
  push(`trailer\n<< /Size 7 /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xref}\n%%EOF\n`)
  const out = new Uint8Array(length)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
