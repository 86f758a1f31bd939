import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

/** A throwaway PostgreSQL cluster (wal_level=logical) owned by the postgres OS user. */
export interface TestCluster {
  port: number
  dir: string
  url(database?: string): string
  query(sql: string, params?: unknown[], database?: string): Promise<pg.QueryResult>
  createDatabase(name: string): Promise<void>
  /** Async on purpose: a loader in the same process must keep answering its walsender meanwhile. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>
  start(): Promise<void>
  destroy(): void
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))))
    })
  })
}

function asPostgresAsync(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('runuser', ['-u', 'postgres', '--', ...args], (err, stdout, stderr) =>
      err ? reject(new Error(`${args[0]} failed: ${stderr || stdout}`)) : resolve(),
    )
  })
}

function asPostgres(args: string[]): void {
  const res = spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8' })
  if (res.status !== 0) throw new Error(`${args[0]} failed: ${res.stderr || res.stdout}`)
}

export async function startCluster(settings: Record<string, string> = {}): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'vitrina-pg-'))
  chmodSync(dir, 0o777)
  const data = join(dir, 'data')
  execFileSync('chown', ['postgres:postgres', dir])
  asPostgres(['initdb', '-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C'])
  const port = await freePort()
  const conf: Record<string, string> = {
    wal_level: 'logical',
    max_wal_senders: '10',
    max_replication_slots: '10',
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    shared_buffers: '64MB',
    max_connections: '40',
    listen_addresses: "'127.0.0.1'",
    port: String(port),
    unix_socket_directories: `'${dir}'`,
    logical_decoding_work_mem: '64MB',
    ...settings,
  }
  writeFileSync(
    join(data, 'postgresql.auto.conf'),
    Object.entries(conf)
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n') + '\n',
  )
  execFileSync('chown', ['postgres:postgres', join(data, 'postgresql.auto.conf')])
  const cluster: TestCluster = {
    port,
    dir,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async query(sql, params = [], database = 'postgres') {
      const c = new pg.Client({ connectionString: cluster.url(database) })
      await c.connect()
      try {
        return await c.query(sql, params)
      } finally {
        await c.end()
      }
    },
    async createDatabase(name) {
      await cluster.query(`CREATE DATABASE ${name}`)
    },
    start: () => asPostgresAsync(['pg_ctl', '-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']),
    stop: (mode = 'fast') => asPostgresAsync(['pg_ctl', '-D', data, '-m', mode, '-w', '-t', '60', 'stop']),
    destroy() {
      spawnSync('runuser', ['-u', 'postgres', '--', 'pg_ctl', '-D', data, '-m', 'immediate', '-w', 'stop'])
      rmSync(dir, { recursive: true, force: true })
    },
  }
  await cluster.start()
  return cluster
}
