// npm run bench -- ingest: end-to-end upload speed into DuckDB and PostgreSQL through the product path, and
// the peers measured in the same run: exceljs's streaming reader (parse only) on the same .xlsx, PostgreSQL
// COPY of the same CSV.
//
// End to end = what a user's upload does: `vitrina start` (the server bundled as packages/server/build.mjs
// bundles it, run by plain node) on a fresh data folder; POST /api/uploads streams the file, preview,
// POST /api/datasets/from-upload, the batch followed over Server-Sent Events until loaded, then the grid's
// count equals the rows loaded. The clock runs from the first byte sent to that count. Peak RSS is the
// server process's own high-water mark (VmHWM), read after the 1M-row load.
import { type ChildProcess, spawn } from 'node:child_process'
import { createReadStream, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { build } from 'esbuild'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { generateBenchCsv, generateBenchXlsx } from '../packages/ingest/bench/generate'
import { exceljsParse } from '../packages/ingest/bench/peers'
import { createThrowawayDatabase } from '../packages/server/src/testing/databases'
import { adminClient, uploadAsNewDataset } from './ingest-http'

const XLSX_ROWS = 100_000
const CSV_ROWS = 1_000_000
const log = (line: string) => process.stderr.write(`${line}\n`)
const emit = (subject: string, metric: string, value: number, unit: string) =>
  process.stdout.write(
    `${JSON.stringify({ bench: 'ingest', subject, metric, value: Math.round(value * 10) / 10, unit })}\n`,
  )

/** The server bundled as packages/server/build.mjs does (its SheetJS worker beside it), outside dist/. */
async function bundleServer(): Promise<string> {
  const outdir = path.join(import.meta.dirname, '.work', 'server')
  await build({
    entryPoints: {
      cli: path.join(import.meta.dirname, '../packages/server/src/cli.ts'),
      'sheetjs-worker': path.join(import.meta.dirname, '../packages/ingest/src/sheetjs-worker.ts'),
    },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    plugins: [
      {
        name: 'external-node-modules',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@vitrina/') ? undefined : { path: args.path, external: true },
          )
        },
      },
    ],
  })
  return path.join(outdir, 'cli.js')
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/** Resident set of a process now and at its peak (kB in /proc/<pid>/status), in MB. */
function rssOf(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0)
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 }
}

interface Server {
  url: string
  child: ChildProcess
  stop(): Promise<void>
}

/** `vitrina start` on a fresh data folder and a fresh PostgreSQL system DB (production's setup). */
async function startServer(cli: string, warehouseUrl: string | null): Promise<Server> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vitrina-bench-server-'))
  const systemDb = await createThrowawayDatabase('vitrina_bench_sys')
  const port = await freePort()
  const child = spawn(process.execPath, [cli, 'start', '--port', String(port), '--host', '127.0.0.1'], {
    env: {
      ...process.env,
      VITRINA_DATA_DIR: dataDir,
      DATABASE_URL: systemDb.url,
      ...(warehouseUrl && { WAREHOUSE_URL: warehouseUrl }),
      VITRINA_SERVICES: 'web',
      VITRINA_WEB_DIR: '/nonexistent',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`vitrina exited with ${child.exitCode}`)
    try {
      if ((await fetch(`${url}/api/health`)).ok) break
    } catch {
      // not listening yet
    }
    if (i > 240) throw new Error('vitrina did not become healthy')
    await new Promise((r) => setTimeout(r, 250))
  }
  return {
    url,
    child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      await systemDb.drop()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

interface Run {
  rows: number
  seconds: number
  idleRssMb: number
  peakRssMb: number
}

async function uploadRun(cli: string, engine: 'duckdb' | 'postgres', file: string): Promise<Run> {
  const warehouse = engine === 'postgres' ? await createThrowawayDatabase('vitrina_bench') : null
  const server = await startServer(cli, warehouse?.url ?? null)
  try {
    const client = await adminClient(server.url)
    const pid = server.child.pid as number
    const idle = rssOf(pid).now
    const started = performance.now()
    const rows = await uploadAsNewDataset(client, file, `Отчёт ${path.basename(file)}`)
    const seconds = (performance.now() - started) / 1000
    const peak = rssOf(pid).peak
    log(
      `${engine} ${path.basename(file)}: ${rows} rows in ${seconds.toFixed(2)} s (${Math.round(rows / seconds)} rows/s), server RSS idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB`,
    )
    return { rows, seconds, idleRssMb: idle, peakRssMb: peak }
  } finally {
    await server.stop()
    await warehouse?.drop()
  }
}

async function pgCopy(url: string, csv: string): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(
      // Text columns: COPY cannot parse Russian decimals (1,5) or dd.mm.yyyy, so this is its raw load rate.
      `create table copy_peer (region text, manager text, day text, qty text, price text, revenue text, discount text, note text)`,
    )
    const started = performance.now()
    const sink = client.query(
      copyFrom(`copy copy_peer from stdin with (format csv, header true, delimiter ';')`),
    )
    await pipeline(createReadStream(csv), sink)
    const seconds = (performance.now() - started) / 1000
    const { rows } = await client.query('select count(*)::int as n from copy_peer')
    log(`pg COPY: ${rows[0].n} rows in ${seconds.toFixed(2)} s`)
    return rows[0].n / seconds
  } finally {
    await client.end()
  }
}

const work = await mkdtemp(path.join(os.tmpdir(), 'vitrina-bench-ingest-'))
try {
  log(`generating ${XLSX_ROWS}×8 .xlsx and ${CSV_ROWS}-row CSV in ${work}`)
  const xlsx = await generateBenchXlsx(XLSX_ROWS, work)
  const csv = await generateBenchCsv(CSV_ROWS, work)
  const cli = await bundleServer()
  const only = process.argv[2] as 'duckdb' | 'postgres' | undefined

  for (const engine of ['duckdb', 'postgres'] as const) {
    if (only && only !== engine) continue
    const subject = `vitrina-${engine}`
    const x = await uploadRun(cli, engine, xlsx)
    emit(subject, 'xlsx_rows_per_s', x.rows / x.seconds, 'rows/s')
    const c = await uploadRun(cli, engine, csv)
    emit(subject, 'csv_rows_per_s', c.rows / c.seconds, 'rows/s')
    emit(subject, 'peak_rss_mb', c.peakRssMb, 'MB')
    emit(subject, 'idle_rss_mb', c.idleRssMb, 'MB')
  }

  const parseStarted = performance.now()
  const parsed = await exceljsParse(xlsx)
  emit('exceljs', 'xlsx_rows_per_s', parsed / ((performance.now() - parseStarted) / 1000), 'rows/s')

  const peerDb = await createThrowawayDatabase('vitrina_bench')
  try {
    emit('pg-copy', 'csv_rows_per_s', await pgCopy(peerDb.url, csv), 'rows/s')
  } finally {
    await peerDb.drop()
  }
} finally {
  await rm(work, { recursive: true, force: true })
}
