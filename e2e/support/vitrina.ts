import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const CLI = path.resolve(import.meta.dirname, '../../packages/server/dist/cli.js')

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

export interface RunningServer {
  url: string
  dataDir: string
  logs(): string
  stop(): Promise<void>
}

/** Starts the built `vitrina start` on a fresh data folder (embedded PGlite), as a user would. */
export async function startBuiltVitrina(env: Record<string, string> = {}): Promise<RunningServer> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrina-e2e-'))
  const port = await freePort()
  let output = ''
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, 'start', '--port', String(port), '--host', '127.0.0.1'],
    {
      env: { ...process.env, VITRINA_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  child.stdout?.on('data', (d) => {
    output += d
  })
  child.stderr?.on('data', (d) => {
    output += d
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vitrina exited with ${child.exitCode}:\n${output}`)
    try {
      if ((await fetch(`${url}/api/health`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`vitrina did not become healthy:\n${output}`)
    await new Promise((r) => setTimeout(r, 250))
  }
  return {
    url,
    dataDir,
    logs: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
