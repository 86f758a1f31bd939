import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { CellRange, RawRow } from './cell'
import { asIngestError, INGEST_CORRUPT, INGEST_OUT_OF_MEMORY, INGEST_TIMEOUT, IngestError } from './errors'
import { checkDeadline, type Deadline, type IngestLimits } from './limits'
import { type BookSheet, encrypted } from './sheetjs-book'
import type { FromWorker, ToWorker, WorkerInput } from './sheetjs-protocol'
import { assertNoDtd } from './xml'
import { ZipArchive } from './zip'

/**
 * .xls and .ods go through SheetJS, which parses a whole workbook synchronously and in memory. So it runs in
 * a worker thread (`sheetjs-worker.ts`): the event loop stays free, the thread's heap is capped at
 * `maxParseMemoryMb` (INGEST_OUT_OF_MEMORY beyond), and the time limit terminates the thread (INGEST_TIMEOUT)
 * instead of waiting for a parse that never yields. .xls is capped at 65,536 rows by its format; .ods is
 * first inflated through our guarded zip reader, so bombs and DTDs never reach SheetJS.
 */
export interface SheetJsBook {
  sheets: BookSheet[]
  /** One sheet's rows in batches, converted in the worker as they are asked for; merges come first. */
  read(
    index: number,
    onMerges: (m: CellRange[]) => void,
    onProgress: ((fraction: number) => void) | null,
  ): AsyncGenerator<RawRow[]>
  /** Ends the worker; always call it (iterating to the end does not). */
  close(): Promise<void>
}

const BATCH_ROWS = 1000

export async function openSheetJs(
  path: string,
  format: 'xls' | 'ods',
  fileName: string,
  limits: IngestLimits,
  deadline: Deadline,
): Promise<SheetJsBook> {
  if (format === 'ods') await guardOds(path, fileName, limits, deadline)
  checkDeadline(deadline, fileName)
  const input: WorkerInput = { path, format, fileName, limits }
  const channel = new WorkerChannel(input, deadline)
  try {
    const opened = await channel.receive()
    if (opened.type !== 'opened') throw channel.unexpected(opened)
    return {
      sheets: opened.sheets,
      async *read(index, onMerges, onProgress) {
        channel.send({ type: 'read', index })
        const merges = await channel.receive()
        if (merges.type !== 'merges') throw channel.unexpected(merges)
        onMerges(merges.merges)
        for (;;) {
          channel.send({ type: 'next', rows: BATCH_ROWS })
          const m = await channel.receive()
          if (m.type === 'end') return
          if (m.type !== 'rows') throw channel.unexpected(m)
          onProgress?.(m.fraction)
          yield m.rows
        }
      },
      close: () => channel.close(),
    }
  } catch (e) {
    await channel.close()
    throw e
  }
}

/**
 * The built server ships the worker as `dist/sheetjs-worker.js` next to the bundle (packages/server/build.mjs);
 * from source (tests, tsx) the thread first registers tsx's loader, then imports the TypeScript worker.
 */
function workerScript(): { script: string | URL; eval: boolean } {
  const built = new URL('./sheetjs-worker.js', import.meta.url)
  if (existsSync(fileURLToPath(built))) return { script: built, eval: false }
  const source = JSON.stringify(new URL('./sheetjs-worker.ts', import.meta.url).href)
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  return {
    script: `import(${tsx}).then(({ register }) => { register(); return import(${source}) })`,
    eval: true,
  }
}

/** Messages from one worker in order; any failure (the worker's, the time limit's, a crash) ends it. */
class WorkerChannel {
  private readonly worker: Worker
  private readonly queue: FromWorker[] = []
  private waiting: { resolve: (m: FromWorker) => void; reject: (e: Error) => void } | null = null
  private failure: IngestError | null = null
  private closed = false
  private readonly timer: NodeJS.Timeout | null
  private readonly onAbort = () => this.stop(this.timeout())

  constructor(
    private readonly input: WorkerInput,
    private readonly deadline: Deadline,
  ) {
    const { script, eval: isEval } = workerScript()
    this.worker = new Worker(script, {
      eval: isEval,
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: input.limits.maxParseMemoryMb },
      stdout: false,
      stderr: false,
    })
    this.worker.on('message', (m: FromWorker) => this.push(m))
    this.worker.on('error', (e: Error & { code?: string }) =>
      this.stop(
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new IngestError(
              INGEST_OUT_OF_MEMORY,
              `Reading "${input.fileName}" needs more than ${input.limits.maxParseMemoryMb} MB of memory; save it as .xlsx or CSV (read as a stream, whatever the size) or split it`,
              { fileName: input.fileName, limitMb: input.limits.maxParseMemoryMb },
            )
          : asIngestError(e, input.fileName),
      ),
    )
    this.worker.on('exit', () =>
      this.stop(
        new IngestError(INGEST_CORRUPT, `Reading "${input.fileName}" stopped unexpectedly`, {
          fileName: input.fileName,
        }),
      ),
    )
    const ms = deadline.deadline === null ? null : Math.max(0, deadline.deadline - Date.now())
    this.timer = ms === null ? null : setTimeout(() => this.stop(this.timeout()), ms)
    deadline.signal?.addEventListener('abort', this.onAbort, { once: true })
  }

  send(m: ToWorker): void {
    if (this.failure) throw this.failure
    this.worker.postMessage(m)
  }

  receive(): Promise<FromWorker> {
    const next = this.queue.shift()
    if (next) return next.type === 'error' ? Promise.reject(this.errorOf(next)) : Promise.resolve(next)
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      this.waiting = {
        resolve: (m) => (m.type === 'error' ? reject(this.errorOf(m)) : resolve(m)),
        reject,
      }
    })
  }

  unexpected(m: FromWorker): IngestError {
    return asIngestError(new Error(`unexpected message ${m.type}`), this.input.fileName)
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.dispose()
    await this.worker.terminate()
  }

  private push(m: FromWorker): void {
    const w = this.waiting
    this.waiting = null
    if (w) w.resolve(m)
    else this.queue.push(m)
  }

  /** The first failure wins; the worker is terminated (a parse stuck in SheetJS cannot be interrupted). */
  private stop(err: IngestError): void {
    if (this.closed || this.failure) return
    this.failure = err
    this.dispose()
    void this.worker.terminate()
    const w = this.waiting
    this.waiting = null
    w?.reject(err)
  }

  private dispose(): void {
    if (this.timer) clearTimeout(this.timer)
    this.deadline.signal?.removeEventListener('abort', this.onAbort)
  }

  private timeout(): IngestError {
    return new IngestError(INGEST_TIMEOUT, `Reading "${this.input.fileName}" took too long and was stopped`, {
      fileName: this.input.fileName,
    })
  }

  private errorOf(m: Extract<FromWorker, { type: 'error' }>): IngestError {
    return new IngestError(m.code, m.message, m.details)
  }
}

async function guardOds(
  path: string,
  fileName: string,
  limits: IngestLimits,
  deadline: Deadline,
): Promise<void> {
  const zip = await ZipArchive.open(path, limits, deadline, fileName)
  try {
    for (const name of zip.entries.keys()) {
      if (name === 'META-INF/manifest.xml' && (await zip.readText(name)).includes('encryption-data')) {
        throw encrypted(fileName)
      }
      if (!name.endsWith('.xml')) continue
      // Only the prolog can hold a DOCTYPE; the rest of the part is inflated to enforce the bomb limits.
      let head = ''
      for await (const chunk of zip.stream(name)) {
        if (head.length < 4096) head += chunk.subarray(0, 4096).toString('utf8')
      }
      assertNoDtd(head.slice(0, 4096), fileName, name)
    }
  } finally {
    zip.close()
  }
}
