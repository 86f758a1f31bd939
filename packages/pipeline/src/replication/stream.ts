import pg from 'pg'
import { PipelineError } from '../errors'
import { formatLsn } from '../lsn'
import { dateToPgTime, decodePgOutput, pgTimeToDate } from '../pgoutput/decoder'
import type { PgOutputMessage } from '../pgoutput/messages'

export interface ReplicationStartOptions {
  slot: string
  publication: string
  startLsn: bigint
  /** What standby status updates report until `acknowledge` moves it (default: startLsn). */
  acknowledgedLsn?: bigint
}

/** Internal view of pg's Connection: the CopyBoth sub-protocol is driven on its raw messages. */
interface RawConnection {
  stream: NodeJS.ReadableStream & { pause(): void; resume(): void }
  on(event: 'copyData', fn: (msg: { chunk: Buffer }) => void): void
  once(event: 'replicationStart', fn: () => void): void
  sendCopyFromChunk(chunk: Buffer): void
}

// Decoded messages held in memory at most; past this the socket is paused (TCP backpressure
// reaches the walsender), so a 1M-row transaction never sits in this process at once.
const HIGH_WATER = 20_000
const LOW_WATER = 5000
const EMPTY = Buffer.alloc(0)

/**
 * A pgoutput stream over a replication connection. It never acknowledges on its own: the caller
 * reports the LSN that is durable in the target with `acknowledge`, and only that LSN is ever sent
 * in standby status updates (also as the answer to keepalive requests).
 */
export class ReplicationStream {
  // Raw XLogData frames, decoded only when handed out: decoded rows would outlive several young-
  // generation collections here and be copied by each (measured: GC was the loader's largest cost).
  private readonly queue: Buffer[] = []
  private head = 0
  private paused = false
  private waiter: (() => void) | null = null
  private failure: Error | null = null
  private ended = false
  private ackedLsn = 0n
  /** The server's sent position from its last keepalive: everything before it has reached us. */
  serverWalEnd = 0n
  /** Most decoded messages ever waiting at once (backpressure check). */
  maxQueued = 0
  private readonly raw: RawConnection

  private constructor(private readonly client: pg.Client) {
    this.raw = (client as unknown as { connection: RawConnection }).connection
  }

  static async connect(config: pg.ClientConfig): Promise<ReplicationStream> {
    const client = new pg.Client({ ...config, replication: 'database' } as pg.ClientConfig)
    await client.connect()
    const stream = new ReplicationStream(client)
    client.on('error', (err) => stream.fail(err))
    return stream
  }

  async start(opts: ReplicationStartOptions): Promise<void> {
    this.ackedLsn = opts.acknowledgedLsn ?? opts.startLsn
    this.raw.on('copyData', (msg) => this.onCopyData(msg.chunk))
    const sql =
      `START_REPLICATION SLOT ${quoteIdent(opts.slot)} LOGICAL ${formatLsn(opts.startLsn)} ` +
      `(proto_version '1', publication_names '${opts.publication.replace(/'/g, "''")}', messages 'true')`
    await new Promise<void>((resolve, reject) => {
      this.raw.once('replicationStart', resolve)
      this.client.query(sql).then(
        () => {
          this.finish()
          resolve()
        },
        (err: Error) => {
          this.fail(err)
          reject(err)
        },
      )
    })
  }

  /** Next decoded message, or null when `timeoutMs` passes without one. Throws if the stream failed. */
  async next(timeoutMs: number): Promise<PgOutputMessage | null> {
    const ready = this.take()
    if (ready) return ready
    if (this.failure) throw this.failure
    if (this.ended) throw new PipelineError('PIPELINE_STREAM_ENDED', 'replication stream ended')
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null
        resolve()
      }, timeoutMs)
      this.waiter = () => {
        clearTimeout(timer)
        this.waiter = null
        resolve()
      }
    })
    const msg = this.take()
    if (!msg && this.failure) throw this.failure
    return msg
  }

  /** The next message if one is already queued, without waiting (the hot path: no promise). */
  take(): PgOutputMessage | null {
    if (this.head === this.queue.length) return null
    const frame = this.queue[this.head]!
    this.queue[this.head] = EMPTY
    this.head++
    if (this.head === this.queue.length) {
      this.queue.length = 0
      this.head = 0
    } else if (this.head >= 8192) {
      // Under a steady stream the queue may never run empty: drop consumed entries, or a 1M-row
      // transaction would stay referenced here in full.
      this.queue.splice(0, this.head)
      this.head = 0
    }
    if (this.paused && this.queue.length - this.head < LOW_WATER) {
      this.paused = false
      this.raw.stream.resume()
    }
    return decodePgOutput(frame, 25)
  }

  /** True when every received message has been handed out. */
  get drained(): boolean {
    return this.head === this.queue.length
  }

  /** Makes a waiting `next` return null now (something the caller waits on besides messages). */
  interrupt(): void {
    this.waiter?.()
  }

  /** Source commit time of the first transaction received but not yet handed out, if any. */
  oldestQueuedCommitTime(): Date | null {
    for (let i = this.head; i < this.queue.length; i++) {
      const frame = this.queue[i]!
      // 'B' Begin: final LSN (8 bytes), then the commit timestamp.
      if (frame[25] === 0x42) return pgTimeToDate(frame.readBigInt64BE(34))
    }
    return null
  }

  /** Records that everything up to `lsn` is committed in the target and tells the server. */
  acknowledge(lsn: bigint): void {
    if (lsn > this.ackedLsn) this.ackedLsn = lsn
    this.sendStatus(false)
  }

  async close(): Promise<void> {
    this.ended = true
    await this.client.end().catch(() => undefined)
  }

  private sendStatus(replyRequested: boolean): void {
    const buf = Buffer.alloc(34)
    buf.write('r', 0)
    // write, flush and apply are all the target-durable LSN: nothing past it is claimed.
    buf.writeBigUInt64BE(this.ackedLsn, 1)
    buf.writeBigUInt64BE(this.ackedLsn, 9)
    buf.writeBigUInt64BE(this.ackedLsn, 17)
    buf.writeBigInt64BE(dateToPgTime(new Date()), 25)
    buf.writeUInt8(replyRequested ? 1 : 0, 33)
    try {
      this.raw.sendCopyFromChunk(buf)
    } catch (err) {
      this.fail(err as Error)
    }
  }

  private onCopyData(chunk: Buffer): void {
    const kind = chunk[0]
    if (kind === 0x77) {
      // 'w' XLogData: walStart(8) walEnd(8) sendTime(8) then the pgoutput message
      // Copied: pg's parser may reuse the memory a frame was read into.
      this.queue.push(Buffer.from(chunk))
      const queued = this.queue.length - this.head
      if (queued > this.maxQueued) this.maxQueued = queued
      if (!this.paused && this.queue.length - this.head >= HIGH_WATER) {
        this.paused = true
        this.raw.stream.pause()
      }
      this.waiter?.()
    } else if (kind === 0x6b) {
      // 'k' keepalive: walEnd(8) sendTime(8) replyRequested(1)
      const walEnd = chunk.readBigUInt64BE(1)
      if (walEnd > this.serverWalEnd) this.serverWalEnd = walEnd
      if (chunk[17] === 1) this.sendStatus(false)
      this.waiter?.()
    }
  }

  private fail(err: Error): void {
    if (!this.failure) this.failure = err
    this.waiter?.()
  }

  private finish(): void {
    this.ended = true
    this.waiter?.()
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}
