import { PipelineError } from '../errors'
import type { PgOutputMessage, RelationColumn, TupleValue } from './messages'
import { UNCHANGED_TOAST } from './messages'

/** PostgreSQL timestamps count microseconds from 2000-01-01. */
const PG_EPOCH_MS = 946_684_800_000

export function pgTimeToDate(micros: bigint): Date {
  return new Date(PG_EPOCH_MS + Number(micros / 1000n))
}

export function dateToPgTime(date: Date): bigint {
  return BigInt(date.getTime() - PG_EPOCH_MS) * 1000n
}

/** Cursor over one message buffer; pgoutput is big-endian with NUL-terminated strings. */
class Reader {
  private pos: number
  constructor(
    private readonly buf: Buffer,
    start: number,
  ) {
    this.pos = start
  }
  u8(): number {
    const v = this.buf.readUInt8(this.pos)
    this.pos += 1
    return v
  }
  i16(): number {
    const v = this.buf.readInt16BE(this.pos)
    this.pos += 2
    return v
  }
  i32(): number {
    const v = this.buf.readInt32BE(this.pos)
    this.pos += 4
    return v
  }
  u32(): number {
    const v = this.buf.readUInt32BE(this.pos)
    this.pos += 4
    return v
  }
  u64(): bigint {
    const v = this.buf.readBigUInt64BE(this.pos)
    this.pos += 8
    return v
  }
  i64(): bigint {
    const v = this.buf.readBigInt64BE(this.pos)
    this.pos += 8
    return v
  }
  cstring(): string {
    const end = this.buf.indexOf(0, this.pos)
    if (end < 0) throw new PipelineError('PIPELINE_PROTOCOL_ERROR', 'unterminated string in pgoutput message')
    const s = this.buf.toString('utf8', this.pos, end)
    this.pos = end + 1
    return s
  }
  bytes(n: number): Buffer {
    const b = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return b
  }
  text(n: number): string {
    const s = this.buf.toString('utf8', this.pos, this.pos + n)
    this.pos += n
    return s
  }
}

function readTuple(r: Reader): TupleValue[] {
  const n = r.i16()
  const out: TupleValue[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const kind = r.u8()
    switch (kind) {
      case 0x6e: // 'n'
        out[i] = null
        break
      case 0x75: // 'u'
        out[i] = UNCHANGED_TOAST
        break
      case 0x74: // 't'
        out[i] = r.text(r.i32())
        break
      default:
        throw new PipelineError('PIPELINE_PROTOCOL_ERROR', `unknown tuple value kind 0x${kind.toString(16)}`)
    }
  }
  return out
}

function oldKind(byte: number): 'key' | 'old' {
  if (byte === 0x4b) return 'key'
  if (byte === 0x4f) return 'old'
  throw new PipelineError('PIPELINE_PROTOCOL_ERROR', `unexpected old-tuple marker 0x${byte.toString(16)}`)
}

/** Decodes one pgoutput message (the payload of an XLogData frame, starting at `offset`). */
export function decodePgOutput(buf: Buffer, offset = 0): PgOutputMessage {
  const r = new Reader(buf, offset)
  const tag = r.u8()
  switch (tag) {
    case 0x42: // 'B'
      return { tag: 'begin', finalLsn: r.u64(), commitTime: pgTimeToDate(r.i64()), xid: r.u32() }
    case 0x43: {
      // 'C'
      r.u8()
      return { tag: 'commit', commitLsn: r.u64(), endLsn: r.u64(), commitTime: pgTimeToDate(r.i64()) }
    }
    case 0x4f: // 'O'
      return { tag: 'origin', originLsn: r.u64(), name: r.cstring() }
    case 0x52: {
      // 'R'
      const relationId = r.u32()
      const schema = r.cstring()
      const table = r.cstring()
      const ri = String.fromCharCode(r.u8()) as 'd' | 'n' | 'f' | 'i'
      const n = r.i16()
      const columns: RelationColumn[] = []
      for (let i = 0; i < n; i++) {
        const flags = r.u8()
        columns.push({ isKey: (flags & 1) === 1, name: r.cstring(), typeOid: r.u32(), typeMod: r.i32() })
      }
      return { tag: 'relation', relationId, schema, table, replicaIdentity: ri, columns }
    }
    case 0x59: // 'Y'
      return { tag: 'type', typeOid: r.u32(), schema: r.cstring(), name: r.cstring() }
    case 0x49: {
      // 'I'
      const relationId = r.u32()
      r.u8() // 'N'
      return { tag: 'insert', relationId, newTuple: readTuple(r) }
    }
    case 0x55: {
      // 'U'
      const relationId = r.u32()
      let marker = r.u8()
      let kind: 'key' | 'old' | null = null
      let oldTuple: TupleValue[] | null = null
      if (marker !== 0x4e) {
        kind = oldKind(marker)
        oldTuple = readTuple(r)
        marker = r.u8()
      }
      if (marker !== 0x4e) throw new PipelineError('PIPELINE_PROTOCOL_ERROR', 'update without new tuple')
      return { tag: 'update', relationId, oldKind: kind, oldTuple, newTuple: readTuple(r) }
    }
    case 0x44: {
      // 'D'
      const relationId = r.u32()
      const kind = oldKind(r.u8())
      return { tag: 'delete', relationId, oldKind: kind, oldTuple: readTuple(r) }
    }
    case 0x54: {
      // 'T'
      const n = r.u32()
      const options = r.u8()
      const relationIds: number[] = []
      for (let i = 0; i < n; i++) relationIds.push(r.u32())
      return {
        tag: 'truncate',
        cascade: (options & 1) === 1,
        restartIdentity: (options & 2) === 2,
        relationIds,
      }
    }
    case 0x4d: {
      // 'M'
      const flags = r.u8()
      const lsn = r.u64()
      const prefix = r.cstring()
      const len = r.u32()
      return {
        tag: 'message',
        transactional: (flags & 1) === 1,
        lsn,
        prefix,
        content: Buffer.from(r.bytes(len)),
      }
    }
    default:
      throw new PipelineError('PIPELINE_PROTOCOL_ERROR', `unknown pgoutput message 0x${tag.toString(16)}`)
  }
}
