import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { createThrowawayDatabase } from '../testing/databases'
import { createWarehouse } from './create-warehouse'
import { createPostgresWarehouse } from './postgres-warehouse'
import { type WarehouseUnderTest, warehouseConformance } from './warehouse.conformance'
import type { WarehouseError } from './warehouse-errors'
import { warehouseHistoryConformance } from './warehouse-history.conformance'

async function throwaway(): Promise<WarehouseUnderTest> {
  const database = await createThrowawayDatabase()
  const warehouse = await createWarehouse({ kind: 'postgres', url: database.url })
  expect(warehouse.dialect).toBe('postgres')
  return {
    warehouse,
    slowQuery: 'SELECT pg_sleep(30)',
    async cleanup() {
      await warehouse.close()
      await database.drop()
    },
  }
}

warehouseConformance('postgres', throwaway)
warehouseHistoryConformance('postgres', throwaway)

describe('postgres warehouse', () => {
  it('a cancelled query no longer runs on the server', async () => {
    const database = await createThrowawayDatabase()
    const warehouse = createPostgresWarehouse({ url: database.url })
    const observer = new pg.Client({ connectionString: database.url })
    await observer.connect()
    try {
      const controller = new AbortController()
      const running = warehouse.runQuery(
        { sql: 'SELECT pg_sleep(30) AS slept', params: [] },
        { signal: controller.signal },
      )
      const sleeping = () =>
        observer.query(
          // The statement on the server is the cursor's FETCH; its wait event shows the sleep.
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()`,
        )
      for (let i = 0; i < 50 && (await sleeping()).rows[0].n === 0; i++)
        await new Promise((r) => setTimeout(r, 50))
      expect((await sleeping()).rows[0].n).toBe(1)
      controller.abort()
      const err = await running.catch((e: unknown) => e)
      expect((err as WarehouseError).code).toBe('WAREHOUSE_QUERY_CANCELLED')
      expect((await sleeping()).rows[0].n).toBe(0)
    } finally {
      await observer.end()
      await warehouse.close()
      await database.drop()
    }
  })

  it('a read-only query leaves no session settings behind on its pooled connection', async () => {
    const database = await createThrowawayDatabase()
    const warehouse = createPostgresWarehouse({ url: database.url, maxConnections: 1 })
    try {
      const sql = "SELECT set_config('search_path', 'nowhere', false) AS path"
      await warehouse.runQuery({ sql, params: [] }, { readOnly: true })
      const after = await warehouse.runQuery({
        sql: "SELECT current_setting('search_path') AS path",
        params: [],
      })
      expect(after.rows).toEqual([['"$user", public']])
    } finally {
      await warehouse.close()
      await database.drop()
    }
  })
})
