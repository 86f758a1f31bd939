import { createWriteStream, type WriteStream } from 'node:fs'
import { crc32, deflateRawSync } from 'node:zlib'

/**
 * A minimal zip writer for fixtures and benchmark files: entries are deflated whole (or stored), so tests
 * control every byte of the XML (inline strings, 1904 dates, DOCTYPEs) and can build hostile archives.
 */
export interface ZipEntryInput {
  name: string
  data: Buffer | string
  /** Store without compression. */
  store?: boolean
  /** Lie about the uncompressed size in the headers (zip-bomb tests). */
  claimedSize?: number
}

export function buildZip(entries: ZipEntryInput[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data
    const body = e.store ? data : deflateRawSync(data, { level: 6 })
    const name = Buffer.from(e.name, 'utf8')
    const crc = crc32(data)
    const size = e.claimedSize ?? data.length
    const method = e.store ? 0 : 8
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    locals.push(local, name, body)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(method, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(body.length, 20)
    central.writeUInt32LE(size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, name)
    offset += 30 + name.length + body.length
  }
  const cd = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, end])
}

/** Streams one large deflated entry to disk (plus small ones), for files too big to hold in memory. */
export class StreamingZipWriter {
  private readonly out: WriteStream
  private offset = 0
  private readonly centrals: Buffer[] = []
  private count = 0

  constructor(path: string) {
    this.out = createWriteStream(path)
  }

  private async write(b: Buffer): Promise<void> {
    this.offset += b.length
    if (!this.out.write(b)) await new Promise<void>((r) => this.out.once('drain', () => r()))
  }

  async addEntry(name: string, chunks: Iterable<string>): Promise<void> {
    // The compressed body is held in memory (tens of MB for a million rows) so the local header carries sizes.
    const { createDeflateRaw } = await import('node:zlib')
    const deflater = createDeflateRaw({ level: 1 })
    const parts: Buffer[] = []
    deflater.on('data', (b: Buffer) => parts.push(b))
    let crc = 0
    let size = 0
    for (const s of chunks) {
      const b = Buffer.from(s, 'utf8')
      crc = crc32(b, crc)
      size += b.length
      if (!deflater.write(b)) await new Promise<void>((r) => deflater.once('drain', () => r()))
    }
    const ended = new Promise<void>((r) => deflater.once('end', () => r()))
    deflater.end()
    await ended
    const body = Buffer.concat(parts)
    const nameBuf = Buffer.from(name, 'utf8')
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(nameBuf.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(body.length, 20)
    central.writeUInt32LE(size, 24)
    central.writeUInt16LE(nameBuf.length, 28)
    central.writeUInt32LE(this.offset, 42)
    this.centrals.push(central, nameBuf)
    this.count++
    await this.write(local)
    await this.write(nameBuf)
    await this.write(body)
  }

  async close(): Promise<void> {
    const cd = Buffer.concat(this.centrals)
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(this.count, 8)
    end.writeUInt16LE(this.count, 10)
    end.writeUInt32LE(cd.length, 12)
    end.writeUInt32LE(this.offset, 16)
    await this.write(cd)
    await this.write(end)
    await new Promise<void>((r) => this.out.end(() => r()))
  }
}
