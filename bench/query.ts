// npm run bench -- query: one question (group-by + sum over a 1M-row table) on DuckDB and PostgreSQL:
//   (a) the driver directly (subjects duckdb-driver / postgres-driver), in the server process;
//   (b) Vitrina's HTTP API on a cache miss (refresh: true: permission, guard, engine, store), each run
//       right after an (a) run, so both see the same machine load; `miss_overhead_p50_ms` is the median of
//       the per-pair differences (b) − (a). (a) is timed inside the server process; it is also timed from
//       here around the pipe request that triggers it (`round_trip_p50_ms`, and the overhead against that,
//       `miss_overhead_vs_round_trip_p50_ms`), because (b) pays for crossing processes too;
//   (c) the same on a cache hit, one client at a time;
//   (d) cache-hit requests/s with 50 concurrent keep-alive clients for DURATION_S seconds, sent by a load
//       generator of its own (bench/query-load.ts: raw sockets, one prebuilt request) in another process.
// The server runs in a child process (bench/query-server.ts). System DB: PGlite for DuckDB (the embedded
// default), PostgreSQL for PostgreSQL (production).
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
    const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]()
    const nextLine = async () => {
      const line = await lines.next()
      if (line.done) throw new Error('query-server exited')
      return JSON.parse(line.value) as Record<string, unknown>
    }
    const ready = (await nextLine()) as { url: string }
    /** One driver run: its time inside the server process, and the round trip seen from here. */
    const driverRun = async () => {
      const t0 = performance.now()
      child.stdin!.write('driver\n')
      const inside = (await nextLine()).driverMs as number
      return { inside, roundTrip: performance.now() - t0 }
    }

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

    // (a) and (b), interleaved
    for (let i = 0; i < 3; i++) {
      await driverRun()
      await run(true)
    }
    const pairs = engine === 'duckdb' ? 60 : 40
    const driver: number[] = []
    const driverRoundTrip: number[] = []
    const miss: number[] = []
    for (let i = 0; i < pairs; i++) {
      const a = await driverRun()
      driver.push(a.inside)
      driverRoundTrip.push(a.roundTrip)
      const t0 = performance.now()
      await run(true)
      miss.push(performance.now() - t0)
    }
    const diffs = (base: number[]) => miss.map((m, i) => m - (base[i] ?? 0))
    figure(`${engine}-driver`, 'p50_ms', percentile(driver, 50), 'ms')
    figure(`${engine}-driver`, 'p99_ms', percentile(driver, 99), 'ms')
    // The same runs timed from this process: like (b), they include waking the server process up.
    figure(`${engine}-driver`, 'round_trip_p50_ms', percentile(driverRoundTrip, 50), 'ms')
    figure(`vitrina-${engine}`, 'miss_p50_ms', percentile(miss, 50), 'ms')
    figure(`vitrina-${engine}`, 'miss_p99_ms', percentile(miss, 99), 'ms')
    figure(`vitrina-${engine}`, 'miss_overhead_p50_ms', percentile(diffs(driver), 50), 'ms')
    figure(
      `vitrina-${engine}`,
      'miss_overhead_vs_round_trip_p50_ms',
      percentile(diffs(driverRoundTrip), 50),
      'ms',
    )

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

    // (d) hit throughput, 50 concurrent clients, from a load generator process of its own
    const job = {
      url: ready.url,
      path: '/api/query/run',
      headers,
      body: body(false),
      concurrency: CONCURRENCY,
      durationS: DURATION_S,
    }
    const load = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'bench/query-load.ts'), JSON.stringify(job)],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    const line = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: load.stdout! }).once('line', resolve)
      load.once('exit', (code) => code !== 0 && reject(new Error(`query-load exited with ${code}`)))
    })
    const result = JSON.parse(line) as { done: number; failed: number; seconds: number }
    if (result.failed > 0) throw new Error(`${result.failed} of ${result.done} loaded requests failed`)
    figure(`vitrina-${engine}`, 'hit_req_per_s', Math.round(result.done / result.seconds), 'req/s')
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
