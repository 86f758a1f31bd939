import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import path from 'node:path'
import { startCluster, type TestCluster } from '@vitrina/pipeline/testing/cluster'
import pgClient from 'pg'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../config/config'
import { startVitrina } from '../main'
import { TEST_PG_URL } from '../testing/databases'
import { createTestApp, type Session, type TestApp } from '../testing/test-app'
import { assertWarehouseIsNotSystemDb } from './system-db-guard'

/**
 * The system DB lives on a throwaway cluster that listens on 127.0.0.1 and 127.0.0.2 (and its own socket
 * folder). Every other way to reach that database must be refused once connected, by server identity.
 */
const SYSTEM_DB = `vitrina_sys_${randomBytes(4).toString('hex')}`

describe('system DB guard against a real PostgreSQL', () => {
  let cluster: TestCluster
  let t: TestApp
  let admin: Session
  let dir: string

  beforeAll(async () => {
    cluster = await startCluster({ listen_addresses: "'127.0.0.1,127.0.0.2'", wal_level: 'replica' })
    await cluster.createDatabase(SYSTEM_DB)
    await cluster.createDatabase('sales')
    dir = await mkdtemp(path.join(tmpdir(), 'vitrina-guard-int-'))
    t = await createTestApp({ env: { VITRINA_DATA_DIR: dir, DATABASE_URL: cluster.url(SYSTEM_DB) } })
    admin = await t.setupAdmin()
  }, 120_000)
  afterAll(async () => {
    await t?.close()
    await cluster?.stop()
    cluster?.destroy()
    await rm(dir, { recursive: true, force: true })
  })

  const pg = (host: string, database = SYSTEM_DB, replicas: { host: string; port: number }[] = []) => ({
    kind: 'postgres',
    host,
    port: cluster.port,
    database,
    user: 'postgres',
    password: '',
    replicas,
  })
  const create = (name: string, connection: object) =>
    t.as(admin, { method: 'POST', url: '/api/sources', payload: { name, connection } })

  it('refuses 127.0.0.2, 0.0.0.0, ::ffff:127.0.0.1, the machine name, localhost and the socket folder', async () => {
    for (const host of ['127.0.0.2', hostname(), '0.0.0.0', '::ffff:127.0.0.1', 'localhost', cluster.dir]) {
      const res = await create(`sys via ${host}`, pg(host))
      expect(res.statusCode, `${host}: ${res.body}`).toBe(400)
      expect(res.json().error.code, host).toBe('SOURCE_IS_SYSTEM_DB')
      const tested = await t.as(admin, { method: 'POST', url: '/api/sources/test', payload: pg(host) })
      expect(tested.json().error.code, host).toBe('SOURCE_IS_SYSTEM_DB')
    }
  })

  it('refuses a replica that is the system DB, and accepts another database of the same server', async () => {
    // The primary: a database of the same name on another server (the shared test PostgreSQL).
    const other5432 = new pgClient.Client({ connectionString: TEST_PG_URL })
    await other5432.connect()
    await other5432.query(`CREATE DATABASE ${SYSTEM_DB}`)
    try {
      const viaReplica = await create('via replica', {
        ...pg('127.0.0.1'),
        port: Number(new URL(TEST_PG_URL).port || 5432),
        replicas: [{ host: '127.0.0.2', port: cluster.port }],
      })
      expect(viaReplica.statusCode, viaReplica.body).toBe(400)
      expect(viaReplica.json().error.code).toBe('SOURCE_IS_SYSTEM_DB')
    } finally {
      await other5432.query(`DROP DATABASE IF EXISTS ${SYSTEM_DB} WITH (FORCE)`)
      await other5432.end()
    }

    const other = await create('sales', pg(hostname(), 'sales'))
    expect(other.statusCode, other.body).toBe(201)
    const run = await t.as(admin, {
      method: 'POST',
      url: '/api/query/run',
      payload: { sourceId: other.json().id, query: { kind: 'native', sql: 'SELECT current_database()' } },
    })
    expect(run.json().rows).toEqual([['sales']])
  })

  it('refuses WAREHOUSE_URL on the system database at start-up, naming both variables', async () => {
    const config = (warehouse: string) =>
      loadConfig({
        VITRINA_DATA_DIR: dir,
        DATABASE_URL: cluster.url(SYSTEM_DB),
        WAREHOUSE_URL: warehouse,
      })
    const sameDb = `postgres://postgres@127.0.0.2:${cluster.port}/${SYSTEM_DB}`
    const refused = assertWarehouseIsNotSystemDb(config(sameDb))
    await expect(refused).rejects.toBeInstanceOf(ConfigError)
    await expect(refused).rejects.toThrow(/WAREHOUSE_URL.*DATABASE_URL/)
    await expect(assertWarehouseIsNotSystemDb(config(cluster.url('sales')))).resolves.toBeUndefined()
    // `vitrina start` stops there, before migrating anything.
    await expect(startVitrina(config(sameDb), pino({ level: 'silent' }))).rejects.toBeInstanceOf(ConfigError)
  })
})
