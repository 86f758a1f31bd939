/**
 * One-dimensional arrays in PostgreSQL's binary format. pg sends a Buffer parameter as binary, so a
 * `$1::bytea[]` parameter arrives without the hex/escape text round trip on both sides.
 */
const BYTEA = 17
const TEXT = 25

export function byteaArray(items: readonly Buffer[]): Buffer {
  let size = 20
  for (const it of items) size += 4 + it.length
  const out = header(size, BYTEA, items.length, false)
  let pos = 20
  for (const it of items) {
    out.writeInt32BE(it.length, pos)
    it.copy(out, pos + 4)
    pos += 4 + it.length
  }
  return out
}

export function textArray(items: readonly (string | null)[]): Buffer {
  let size = 20
  let nulls = false
  for (const it of items) {
    if (it === null) nulls = true
    size += 4 + (it === null ? 0 : Buffer.byteLength(it))
  }
  const out = header(size, TEXT, items.length, nulls)
  let pos = 20
  for (const it of items) {
    if (it === null) {
      out.writeInt32BE(-1, pos)
      pos += 4
      continue
    }
    const n = out.write(it, pos + 4)
    out.writeInt32BE(n, pos)
    pos += 4 + n
  }
  return out
}

function header(size: number, elementOid: number, length: number, nulls: boolean): Buffer {
  const out = Buffer.allocUnsafe(size)
  out.writeInt32BE(1, 0) // dimensions
  out.writeInt32BE(nulls ? 1 : 0, 4)
  out.writeUInt32BE(elementOid, 8)
  out.writeInt32BE(length, 12)
  out.writeInt32BE(1, 16) // lower bound
  return out
}
