import { describe, expect, it } from 'vitest'
import { PipelineError } from '../errors'
import { decodePgOutput, pgTimeToDate } from './decoder'
import { UNCHANGED_TOAST } from './messages'

/** Builds pgoutput bytes the way the server lays them out (big-endian, NUL-terminated strings). */
class Bytes {
  private parts: Buffer[] = []
  u8(v: number) {
    this.parts.push(Buffer.from([v]))
    return this
  }
  ch(c: string) {
    return this.u8(c.charCodeAt(0))
  }
  i16(v: number) {
    const b = Buffer.alloc(2)
    b.writeInt16BE(v)
    this.parts.push(b)
    return this
  }
  i32(v: number) {
    const b = Buffer.alloc(4)
    b.writeInt32BE(v)
    this.parts.push(b)
    return this
  }
  u64(v: bigint) {
    const b = Buffer.alloc(8)
    b.writeBigUInt64BE(v)
    this.parts.push(b)
    return this
  }
  str(s: string) {
    this.parts.push(Buffer.from(`${s}\0`, 'utf8'))
    return this
  }
  text(s: string) {
    const b = Buffer.from(s, 'utf8')
    this.i32(b.length)
    this.parts.push(b)
    return this
  }
  done() {
    return Buffer.concat(this.parts)
  }
}

describe('pgoutput v1 decoder', () => {
  it('decodes begin and commit with LSNs and commit time', () => {
    const begin = decodePgOutput(new Bytes().ch('B').u64(0x1_0000_0010n).u64(0n).i32(42).done())
    expect(begin).toEqual({ tag: 'begin', finalLsn: 0x1_0000_0010n, commitTime: pgTimeToDate(0n), xid: 42 })
    expect(begin.tag === 'begin' && begin.commitTime.toISOString()).toBe('2000-01-01T00:00:00.000Z')
    const commit = decodePgOutput(new Bytes().ch('C').u8(0).u64(16n).u64(64n).u64(1_000_000n).done())
    expect(commit).toMatchObject({ tag: 'commit', commitLsn: 16n, endLsn: 64n })
  })

  it('decodes a relation with key flags and type modifiers', () => {
    const buf = new Bytes().ch('R').i32(16_400).str('public').str('accounts').ch('d').i16(2)
    buf.u8(1).str('id').i32(20).i32(-1)
    buf.u8(0).str('balance').i32(1700).i32(1_310_726)
    expect(decodePgOutput(buf.done())).toEqual({
      tag: 'relation',
      relationId: 16_400,
      schema: 'public',
      table: 'accounts',
      replicaIdentity: 'd',
      columns: [
        { isKey: true, name: 'id', typeOid: 20, typeMod: -1 },
        { isKey: false, name: 'balance', typeOid: 1700, typeMod: 1_310_726 },
      ],
    })
  })

  it('decodes insert, update with old key and unchanged TOAST, and delete', () => {
    const insert = new Bytes()
      .ch('I')
      .i32(7)
      .ch('N')
      .i16(3)
      .ch('t')
      .text('1')
      .ch('n')
      .ch('t')
      .text('Ёлка')
      .done()
    expect(decodePgOutput(insert)).toEqual({ tag: 'insert', relationId: 7, newTuple: ['1', null, 'Ёлка'] })
    const update = new Bytes()
      .ch('U')
      .i32(7)
      .ch('K')
      .i16(1)
      .ch('t')
      .text('1')
      .ch('N')
      .i16(2)
      .ch('t')
      .text('2')
    update.ch('u')
    expect(decodePgOutput(update.done())).toEqual({
      tag: 'update',
      relationId: 7,
      oldKind: 'key',
      oldTuple: ['1'],
      newTuple: ['2', UNCHANGED_TOAST],
    })
    const plain = new Bytes().ch('U').i32(7).ch('N').i16(1).ch('t').text('x').done()
    expect(decodePgOutput(plain)).toMatchObject({ oldKind: null, oldTuple: null, newTuple: ['x'] })
    const del = new Bytes().ch('D').i32(7).ch('O').i16(1).ch('t').text('9').done()
    expect(decodePgOutput(del)).toEqual({ tag: 'delete', relationId: 7, oldKind: 'old', oldTuple: ['9'] })
  })

  it('decodes truncate, logical messages, origin and type', () => {
    expect(decodePgOutput(new Bytes().ch('T').i32(2).u8(3).i32(5).i32(6).done())).toEqual({
      tag: 'truncate',
      cascade: true,
      restartIdentity: true,
      relationIds: [5, 6],
    })
    const msg = new Bytes().ch('M').u8(1).u64(99n).str('vitrina.heartbeat').i32(2).done()
    const withContent = Buffer.concat([msg, Buffer.from('hi')])
    expect(decodePgOutput(withContent)).toEqual({
      tag: 'message',
      transactional: true,
      lsn: 99n,
      prefix: 'vitrina.heartbeat',
      content: Buffer.from('hi'),
    })
    expect(decodePgOutput(new Bytes().ch('O').u64(5n).str('node_a').done())).toEqual({
      tag: 'origin',
      originLsn: 5n,
      name: 'node_a',
    })
    expect(decodePgOutput(new Bytes().ch('Y').i32(16_500).str('public').str('mood').done())).toEqual({
      tag: 'type',
      typeOid: 16_500,
      schema: 'public',
      name: 'mood',
    })
  })

  it('rejects unknown messages with a stable code', () => {
    const err = (() => {
      try {
        decodePgOutput(Buffer.from('Z'))
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(PipelineError)
    expect((err as PipelineError).code).toBe('PIPELINE_PROTOCOL_ERROR')
  })
})
