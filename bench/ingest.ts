// npm run bench -- ingest: end-to-end upload speed into DuckDB and PostgreSQL, and the peers measured in
// the same run: exceljs's streaming reader (parse only) on the same .xlsx, PostgreSQL COPY of the same CSV.
import { spawnSync } from 'node:child_process'
import { createReadStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { build } from 'esbuild'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { generateBenchCsv, generateBenchXlsx } from '../packages/ingest/bench/generate'
import { exceljsParse } from '../packages/ingest/bench/peers'
import { createThrowawayDatabase } from '../packages/server/src/testing/databases'

const XLSX_ROWS = 100_000
const CSV_ROWS = 1_000_000
const log = (line: string) => process.stderr.write(`${line}\n`)
const emit = (subject: string, metric: string, value: number, unit: string) =>
  process.stdout.write(
    `${JSON.stringify({ bench: 'ingest', subject, metric, value: Math.round(value * 10) / 10, unit })}\n`,
  )

interface LoadRun {
  rows: number
  seconds: number
  peakRssMb: number
}

/**
 * The loader is bundled as the server is (packages/server/build.mjs: workspace sources in, third-party
 * packages external) and run by plain node, so its RSS is the product's, not tsx's (~30 MB more).
 */
async function bundleLoader(): Promise<string> {
  const outfile = path.join(import.meta.dirname, '.work', 'ingest-load.mjs')
  await build({
    entryPoints: [path.join(import.meta.dirname, 'ingest-load.ts')],
    outfile,
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
  return outfile
}

function load(loader: string, engine: 'duckdb' | 'postgres', file: string, target: string): LoadRun {
  const child = spawnSync(process.execPath, [loader, engine, file, target], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  })
  if (child.status !== 0) throw new Error(`${engine} load of ${path.basename(file)} failed (${child.status})`)
  const run = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '') as LoadRun
  log(
    `${engine} ${path.basename(file)}: ${run.rows} rows in ${run.seconds.toFixed(2)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB`,
  )
  return run
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
  const loader = await bundleLoader()

  for (const engine of ['duckdb', 'postgres'] as const) {
    const subject = `vitrina-${engine}`
    const target = async () => {
      if (engine === 'duckdb') return { at: path.join(work, `${Date.now()}.duckdb`), drop: async () => {} }
      const db = await createThrowawayDatabase('vitrina_bench')
      return { at: db.url, drop: db.drop }
    }
    const t1 = await target()
    const x = load(loader, engine, xlsx, t1.at)
    await t1.drop()
    emit(subject, 'xlsx_rows_per_s', x.rows / x.seconds, 'rows/s')
    const t2 = await target()
    const c = load(loader, engine, csv, t2.at)
    await t2.drop()
    emit(subject, 'csv_rows_per_s', c.rows / c.seconds, 'rows/s')
    emit(subject, 'peak_rss_mb', c.peakRssMb, 'MB')
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
