import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { freePort } from '@vitrina/pipeline/testing/cluster'

export interface Spawned {
  url: string
  output(): string
  stop(): Promise<void>
}

/** Starts a long-running binary and resolves once `ready` (a URL) answers 200. */
async function startBinary(command: string, args: string[], env: Record<string, string>, ready: string) {
  const child: ChildProcess = spawn(command, args, { env: { ...process.env, ...env }, stdio: 'pipe' })
  let output = ''
  child.stdout?.on('data', (d) => {
    output += d
  })
  child.stderr?.on('data', (d) => {
    output += d
  })
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()))
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`${command} exited: ${output}`)
    const ok = await fetch(ready).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) break
    if (attempt > 600) throw new Error(`${command} did not become ready: ${output}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

/** Debian's Prometheus on a free loopback port, with its TSDB in `dir`, running `configYaml`. */
export async function startPrometheus(dir: string, configYaml: (port: number) => string) {
  const port = await freePort()
  const configFile = path.join(dir, 'prometheus.yml')
  mkdirSync(path.join(dir, 'tsdb'), { recursive: true })
  writeFileSync(configFile, configYaml(port))
  const url = `http://127.0.0.1:${port}`
  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ]
  const running = await startBinary('prometheus', args, {}, `${url}/-/ready`)
  return { ...running, url, configFile, port }
}

/** prometheus-postgres-exporter for one database, with extra queries from `queriesFile`. */
export async function startPostgresExporter(databaseUrl: string, queriesFile: string) {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const dsn = new URL(databaseUrl)
  dsn.searchParams.set('sslmode', 'disable')
  const running = await startBinary(
    'prometheus-postgres-exporter',
    [`--web.listen-address=127.0.0.1:${port}`, `--extend.query-path=${queriesFile}`],
    { DATA_SOURCE_NAME: dsn.toString() },
    `${url}/metrics`,
  )
  return { ...running, url, address: `127.0.0.1:${port}` }
}

export interface Sample {
  metric: Record<string, string>
  value: [number, string]
}

/** An instant PromQL query through Prometheus' HTTP API; throws on a PromQL error. */
export async function instantQuery(prometheusUrl: string, expr: string): Promise<Sample[]> {
  const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`)
  const body = (await res.json()) as { status: string; error?: string; data?: { result: Sample[] } }
  if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`)
  return body.data?.result ?? []
}

/** Polls until `expr` returns at least one sample that passes `accept` (scrapes take a few seconds). */
export async function waitForSeries(
  prometheusUrl: string,
  expr: string,
  accept: (s: Sample) => boolean = () => true,
): Promise<Sample[]> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const result = await instantQuery(prometheusUrl, expr)
    if (result.some(accept)) return result
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`no series for ${expr}`)
}
