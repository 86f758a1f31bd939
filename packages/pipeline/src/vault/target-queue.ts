import type pg from 'pg'
import { copyIn } from './copy-in'

interface Queued {
  rows: number
  done: Promise<unknown>
}

/**
 * The statements of the target connection, run one after another without the caller awaiting each,
 * so that decoding and hashing the next rows overlap with PostgreSQL writing these. Each statement
 * is handed to pg only once the previous one has finished (pg's own queueing of concurrent
 * queries is deprecated). After the first failure nothing more is sent: the transaction is dead,
 * and no later statement — least of all a later batch's COMMIT — may run on its behalf.
 */
export class TargetQueue {
  private tail: Promise<unknown> = Promise.resolve()
  private readonly queued: Queued[] = []
  private queuedRows = 0
  failure: Error | null = null

  constructor(private readonly client: pg.ClientBase) {}

  /** Queues a statement; its failure surfaces at the next drain, commit or throwIfFailed. */
  send(text: string, values: unknown[], rows = 1): void {
    this.push(() => this.client.query(text, values), rows)
  }

  /** Queues `COPY … FROM STDIN` of a prepared text-format buffer. */
  copy(text: string, data: Buffer, rows: number): void {
    this.push(() => copyIn(this.client, text, data), rows)
  }

  /** Runs a statement after everything queued and returns its result. */
  async query(config: pg.QueryArrayConfig): Promise<pg.QueryArrayResult> {
    const res = await this.push(() => this.client.query(config), 1)
    this.throwIfFailed()
    return res!
  }

  /**
   * Queues COMMIT behind everything sent so far; resolves once it has committed. A transaction that
   * failed is answered with ROLLBACK (and no error) by PostgreSQL, so the command is checked too.
   */
  commit(): Promise<void> {
    const done = this.push(async () => {
      const res = await this.client.query('COMMIT')
      if (res.command !== 'COMMIT') throw new Error(`target transaction ended with ${res.command}`)
    }, 1).then(() => this.throwIfFailed())
    // The caller may await it only later; keep an early failure from counting as unhandled.
    done.catch(() => undefined)
    return done
  }

  /** Waits until everything queued has run; throws the first failure. */
  async drain(): Promise<void> {
    await this.tail
    this.throwIfFailed()
  }

  /** Waits until at most `rows` rows are queued (their parameters are held in memory). */
  async waitBelow(rows: number): Promise<void> {
    while (this.queuedRows > rows && this.queued.length > 0) await this.queued[0]!.done
    this.throwIfFailed()
  }

  throwIfFailed(): void {
    if (this.failure) throw this.failure
  }

  private push<T>(run: () => Promise<T>, rows: number): Promise<T | undefined> {
    const entry: Queued = { rows, done: Promise.resolve() }
    const done = this.tail.then(async () => {
      try {
        if (this.failure) return undefined
        return await run()
      } catch (err) {
        this.failure ??= err as Error
        return undefined
      } finally {
        this.queuedRows -= rows
        this.queued.shift()
      }
    })
    entry.done = done
    this.queued.push(entry)
    this.queuedRows += rows
    this.tail = done
    return done
  }
}
