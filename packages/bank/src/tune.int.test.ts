import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startThrowawayCluster, type ThrowawayCluster } from './testing/throwaway-cluster'
import { applyTune, computeTune, parseSize } from './tune'

describe('db:tune --apply', () => {
  let cluster: ThrowawayCluster
  beforeAll(async () => {
    cluster = await startThrowawayCluster()
  })
  afterAll(async () => {
    await cluster?.stop()
  })

  it('writes the settings with ALTER SYSTEM, names those needing a restart, and they hold after it', async () => {
    const settings = computeTune({
      memoryBytes: parseSize('1GB'),
      cpus: 2,
      connections: 50,
      storage: 'ssd',
      diskBytes: null,
    })
    const pool = new pg.Pool({ connectionString: cluster.url, max: 1 })
    try {
      const restart = await applyTune(pool, settings)
      expect(restart).toEqual(expect.arrayContaining(['shared_buffers', 'wal_level', 'max_connections']))
      expect(restart).not.toContain('work_mem')
      const { rows } = await pool.query<{ work_mem: string }>('SHOW work_mem')
      expect(rows[0]!.work_mem).toBe(settings.find((s) => s.name === 'work_mem')!.value)
    } finally {
      await pool.end()
    }
    await cluster.restart()
    const client = new pg.Client({ connectionString: cluster.url })
    await client.connect()
    try {
      const { rows } = await client.query<{ name: string; setting: string; unit: string | null }>(
        `SELECT name, setting, unit FROM pg_settings WHERE name IN ('wal_level', 'shared_buffers', 'max_connections')
         ORDER BY name`,
      )
      expect(rows).toEqual([
        { name: 'max_connections', setting: '50', unit: null },
        // 256MB in 8kB pages.
        { name: 'shared_buffers', setting: '32768', unit: '8kB' },
        { name: 'wal_level', setting: 'logical', unit: null },
      ])
    } finally {
      await client.end()
    }
  })
})
