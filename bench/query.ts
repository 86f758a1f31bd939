// npm run bench -- query: one question (group-by + sum over a 1M-row table) on DuckDB and PostgreSQL:
//   (a) the driver directly (subjects duckdb-driver / postgres-driver), in the server process;
//   (b) Vitrina's HTTP API on a cache miss (refresh: true: permission, guard, engine, store);
//   (c) the same on a cache hit, one client at a time;
//   (d) cache-hit requests/s with 50 concurrent keep-alive clients for DURATION_S seconds.
// The server runs in a child process (bench/query-server.ts) so the load generator does not share its
// event loop. System DB: PGlite for DuckDB (the embedded default), PostgreSQL for PostgreSQL (production).
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { createThrowawayDatabase } from '../packages/server/src/testing/databases'
import { percentile, QUESTION_SQL } from './query-shared'

const DURATION_S = Number(process.env.DURATION_S ?? 10)
const CONCURRENCY = 50
const root = path.resolve(import.meta.dirname, '..')

function figure(subject: string, metric: string, value: number, unit: string) {
  process.stdout.write(`${JSON.stringify({ bench: 'query', subject, metric, value, unit })}\n`)
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })

function post(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => {
          text += c
        })
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text, cookies: res.headers['set-cookie'] ?? [] }),
        )
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

async function measure(engine: 'duckdb' | 'postgres') {
  const dataDir = mkdtempSync(path.join(tmpdir(), `vitrina-bench-query-${engine}-`))
  const warehouseDb = engine === 'postgres' ? await createThrowawayDatabase('vitrina_bench_wh') : null
  const systemDb = engine === 'postgres' ? await createThrowawayDatabase('vitrina_bench_sys') : null
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/query-server.ts')], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: {
      ...process.env,
      VITRINA_DATA_DIR: dataDir,
      ...(warehouseDb && { WAREHOUSE_URL: warehouseDb.url }),
      ...(systemDb && { DATABASE_URL: systemDb.url }),
    },
  })
  try {
    const first = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: child.stdout! }).once('line', resolve)
      child.once('exit', (code) => reject(new Error(`query-server exited with ${code}`)))
    })
    const ready = JSON.parse(first) as { url: string; driver: { p50: number; p99: number } }
    figure(`${engine}-driver`, 'p50_ms', ready.driver.p50, 'ms')
    figure(`${engine}-driver`, 'p99_ms', ready.driver.p99, 'ms')

    const setup = await post(
      `${ready.url}/api/setup`,
      JSON.stringify({ email: 'bench@example.com', name: 'Bench', password: 'bench-password-1' }),
      {},
    )
    if (setup.status !== 201 && setup.status !== 200) throw new Error(`setup: ${setup.status} ${setup.text}`)
    const login = await post(
      `${ready.url}/api/auth/login`,
      JSON.stringify({ email: 'bench@example.com', password: 'bench-password-1' }),
      {},
    )
    const cookie = login.cookies.map((c) => c.split(';')[0]).join('; ')
    const headers = { cookie, 'x-csrf-token': (JSON.parse(login.text) as { csrfToken: string }).csrfToken }
    const schema = engine === 'duckdb' ? 'main' : 'public'
    const body = (refresh: boolean) =>
      JSON.stringify({ sourceId: 'warehouse', query: { kind: 'native', sql: QUESTION_SQL(schema) }, refresh })
    const run = async (refresh: boolean) => {
      const res = await post(`${ready.url}/api/query/run`, body(refresh), headers)
      if (res.status !== 200) throw new Error(`run: ${res.status} ${res.text}`)
      return res.text
    }

    // (b) miss
    for (let i = 0; i < 3; i++) await run(true)
    const missRuns = engine === 'duckdb' ? 40 : 15
    const miss: number[] = []
    for (let i = 0; i < missRuns; i++) {
      const t0 = performance.now()
      await run(true)
      miss.push(performance.now() - t0)
    }
    figure(`vitrina-${engine}`, 'miss_p50_ms', percentile(miss, 50), 'ms')
    figure(`vitrina-${engine}`, 'miss_p99_ms', percentile(miss, 99), 'ms')

    // (c) hit
    if (!(await run(false)).includes('"cached":true')) throw new Error('expected a cache hit')
    for (let i = 0; i < 200; i++) await run(false)
    const hit: number[] = []
    for (let i = 0; i < 1000; i++) {
      const t0 = performance.now()
      await run(false)
      hit.push(performance.now() - t0)
    }
    figure(`vitrina-${engine}`, 'hit_p50_ms', percentile(hit, 50), 'ms')
    figure(`vitrina-${engine}`, 'hit_p99_ms', percentile(hit, 99), 'ms')

    // (d) hit throughput, 50 concurrent clients
    const until = performance.now() + DURATION_S * 1000
    let done = 0
    const payload = body(false)
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < until) {
          const res = await post(`${ready.url}/api/query/run`, payload, headers)
          if (res.status !== 200) throw new Error(`run: ${res.status} ${res.text}`)
          done++
        }
      }),
    )
    figure(`vitrina-${engine}`, 'hit_req_per_s', Math.round(done / DURATION_S), 'req/s')
  } finally {
    child.stdin!.end()
    await new Promise((resolve) => child.once('exit', resolve))
    await warehouseDb?.drop()
    await systemDb?.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

for (const engine of (process.env.ENGINES ?? 'duckdb,postgres').split(',') as ('duckdb' | 'postgres')[]) {
  process.stderr.write(`query bench: ${engine}\n`)
  await measure(engine)
}
agent.destroy()
