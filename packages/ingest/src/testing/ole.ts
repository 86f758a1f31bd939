import * as XLSX from '@e965/xlsx'

/** An OLE2 container holding the given streams (as Office writes encrypted workbooks). */
export function buildOle(streams: Record<string, Buffer>): Buffer {
  const cfb = XLSX.CFB.utils.cfb_new()
  for (const [name, data] of Object.entries(streams)) XLSX.CFB.utils.cfb_add(cfb, `/${name}`, data)
  return Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array)
}

function record(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(4)
  head.writeUInt16LE(type, 0)
  head.writeUInt16LE(body.length, 2)
  return Buffer.concat([head, body])
}

/** A BIFF8 workbook stream that starts with BOF then FILEPASS (RC4 encryption header), as Excel writes it. */
export function encryptedBiffStream(): Buffer {
  const bof = record(0x0809, Buffer.from([0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
  const filepass = record(0x002f, Buffer.concat([Buffer.from([1, 0, 1, 0, 1, 0]), Buffer.alloc(48, 7)]))
  const eof = record(0x000a, Buffer.alloc(0))
  return Buffer.concat([bof, filepass, eof])
}

/** Writes a workbook with SheetJS as .xls (BIFF8) or .ods, for reader tests. */
export function writeWithSheetJs(
  sheets: { name: string; rows: unknown[][]; hidden?: boolean; merges?: string[] }[],
  bookType: 'xls' | 'ods',
): Buffer {
  const wb = XLSX.utils.book_new()
  for (const s of sheets) {
    const ws = XLSX.utils.aoa_to_sheet(s.rows, { cellDates: true })
    if (s.merges) ws['!merges'] = s.merges.map((m) => XLSX.utils.decode_range(m))
    XLSX.utils.book_append_sheet(wb, ws, s.name)
  }
  wb.Workbook = { Sheets: sheets.map((s) => ({ Hidden: s.hidden ? 1 : 0 })) }
  return Buffer.from(
    XLSX.write(wb, { type: 'array', bookType: bookType === 'xls' ? 'biff8' : 'ods' }) as ArrayBuffer,
  )
}
