/**
 * Parse-only throughput of the .xlsx reader against exceljs's streaming reader on the same file.
 * Prints one JSON line per figure on stdout (DESIGN.md, Benchmarks); progress goes to stderr.
 *   npx tsx packages/ingest/bench/ingest-parse.ts [rows]
 */
import { rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { readSheet } from '../src/workbook'
import { generateBenchXlsx } from './generate'
import { exceljsParse } from './peers'

const ROWS = Number(process.argv[2] ?? 100_000)
const RUNS = 5

function emit(subject: string, metric: string, value: number, unit: string): void {
  process.stdout.write(
    `${JSON.stringify({ bench: 'ingest', subject, metric, value: Math.round(value), unit })}\n`,
  )
}

async function vitrinaParse(path: string): Promise<number> {
  let n = 0
  for await (const batch of readSheet(path)) n += batch.length
  return n
}

/** Best of RUNS (the machine is shared; the best run is the least disturbed one). */
async function best(
  name: string,
  fn: () => Promise<number>,
): Promise<{ rowsPerS: number; cpuRowsPerS: number }> {
  let bestWall = 0
  let bestCpu = 0
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    const c0 = process.cpuUsage()
    const n = await fn()
    const wall = (performance.now() - t0) / 1000
    const cu = process.cpuUsage(c0)
    const cpu = (cu.user + cu.system) / 1e6
    process.stderr.write(
      `${name} run ${i + 1}: ${n} rows in ${wall.toFixed(3)} s wall, ${cpu.toFixed(3)} s cpu\n`,
    )
    bestWall = Math.max(bestWall, n / wall)
    bestCpu = Math.max(bestCpu, n / cpu)
  }
  return { rowsPerS: bestWall, cpuRowsPerS: bestCpu }
}

process.stderr.write(`generating ${ROWS} x 8 .xlsx...\n`)
const path = await generateBenchXlsx(ROWS)
try {
  const ours = await best('vitrina-parse', () => vitrinaParse(path))
  emit('vitrina-parse', 'xlsx_rows_per_s', ours.rowsPerS, 'rows/s')
  emit('vitrina-parse', 'xlsx_rows_per_cpu_s', ours.cpuRowsPerS, 'rows/s')
  // Peak so far: generating the file and our reader, before exceljs runs in the same process.
  emit('vitrina-parse', 'peak_rss_mb', process.resourceUsage().maxRSS / 1024, 'MB')
  const peer = await best('exceljs', () => exceljsParse(path))
  emit('exceljs', 'xlsx_rows_per_s', peer.rowsPerS, 'rows/s')
  emit('exceljs', 'xlsx_rows_per_cpu_s', peer.cpuRowsPerS, 'rows/s')
} finally {
  await rm(dirname(path), { recursive: true, force: true })
}
