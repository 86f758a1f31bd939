import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startThrowawayCluster, type ThrowawayCluster } from '../testing/throwaway-cluster'
import { applyTune, computeTune, parseSize } from '../tune'
import { createBankDb } from './bank-db'
import { checkReplication } from './replication'

describe('replication readiness', () => {
  let cluster: ThrowawayCluster
  beforeAll(async () => {
    cluster = await startThrowawayCluster()
  })
  afterAll(async () => {
    await cluster?.stop()
  })

  it('names what is missing, then reports ready after migrate + tune + restart, with a slot', async () => {
    const before = createBankDb(cluster.url, { max: 1 })
    try {
      const report = await checkReplication(before.pool)
      expect(report.problems).toEqual([
        'wal_level is replica; set it to logical (bank db:tune --apply) and restart',
        'publication vitrina_bank is missing: run bank db:migrate',
        'max_slot_wal_keep_size is unlimited: a stalled slot can fill the disk (bank db:tune)',
      ])
      await before.migrate()
      await applyTune(
        before.pool,
        computeTune({
          memoryBytes: parseSize('1GB'),
          cpus: 2,
          connections: 50,
          storage: 'ssd',
          diskBytes: null,
        }),
      )
    } finally {
      await before.close()
    }
    await cluster.restart()
    const db = createBankDb(cluster.url, { max: 1 })
    try {
      await db.pool.query(`SELECT pg_create_logical_replication_slot('vitrina_test', 'pgoutput')`)
      await db.pool.query(`INSERT INTO regions (code, name) VALUES ('ZZ', 'Test')`)
      const report = await checkReplication(db.pool)
      expect(report.problems).toEqual([])
      expect(report).toMatchObject({ walLevel: 'logical', maxSlotWalKeepSize: '4096MB' })
      expect(report.publication.tables).toHaveLength(11)
      expect(report.publication.tables.every((t) => t.replicaIdentity === 'default')).toBe(true)
      expect(report.slots).toMatchObject([{ name: 'vitrina_test', plugin: 'pgoutput', active: false }])
      expect(report.slots[0]!.lagBytes).toBeGreaterThan(0)
      await db.pool.query(`SELECT pg_drop_replication_slot('vitrina_test')`)
    } finally {
      await db.close()
    }
  })
})
