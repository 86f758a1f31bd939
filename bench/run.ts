// `npm run bench -- <name>`: runs one benchmark in its own process. Its stdout carries only JSON lines
// ({"bench","subject","metric","value","unit"}), each checked here; progress goes to stderr.
import { spawn } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'

const root = path.resolve(import.meta.dirname, '..')

const BENCHMARKS: Record<string, { script: string; what: string }> = {
  ingest: {
    script: 'bench/ingest.ts',
    what: 'end-to-end .xlsx and CSV uploads into DuckDB and PostgreSQL vs exceljs parse and PostgreSQL COPY',
  },
  warehouse: {
    script: 'bench/warehouse.ts',
    what: 'rows/s of every load mode (append, replace, replace-period, upsert) into DuckDB and PostgreSQL',
  },
  query: {
    script: 'bench/query.ts',
    what: 'one question over 1M rows: driver direct, Vitrina API on cache miss and hit (p50/p99), hit req/s at 50 clients',
  },
  dashboard: {
    script: 'bench/dashboard.ts',
    what: '12-card dashboard over 1M DuckDB rows in headless Chromium: cold and warm time until every card drew',
  },
  cdc: {
    script: 'packages/pipeline/bench/cdc.ts',
    what: 'changes/s applied to the Data Vault, commit-to-vault lag at 2,000 TPS, pg_recvlogical decode rate',
  },
}

interface Figure {
  bench: string
  subject: string
  metric: string
  value: number
  unit: string
}

function isFigure(value: unknown): value is Figure {
  const f = value as Figure
  return (
    typeof f === 'object' &&
    f !== null &&
    typeof f.bench === 'string' &&
    typeof f.subject === 'string' &&
    typeof f.metric === 'string' &&
    typeof f.value === 'number' &&
    Number.isFinite(f.value) &&
    typeof f.unit === 'string'
  )
}

const name = process.argv[2]
const bench = name ? BENCHMARKS[name] : undefined
if (!bench) {
  const list = Object.entries(BENCHMARKS)
    .map(([n, b]) => `  ${n.padEnd(10)} ${b.what}`)
    .join('\n')
  process.stderr.write(
    `${name ? `Unknown benchmark "${name}".` : 'Name a benchmark.'}\nUsage: npm run bench -- <name>\n${list}\n`,
  )
  process.exit(2)
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(root, bench.script), ...process.argv.slice(3)],
  {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
)
let bad = 0
for await (const line of readline.createInterface({ input: child.stdout })) {
  if (!line.trim()) continue
  let parsed: unknown = null
  try {
    parsed = JSON.parse(line)
  } catch {
    // reported below
  }
  if (isFigure(parsed) && parsed.bench === name) process.stdout.write(`${JSON.stringify(parsed)}\n`)
  else {
    bad++
    process.stderr.write(`bench: not a figure line: ${line}\n`)
  }
}
const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)))
process.exit(code !== 0 ? code : bad > 0 ? 1 : 0)
