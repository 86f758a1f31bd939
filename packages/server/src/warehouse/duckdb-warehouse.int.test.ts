import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createWarehouse } from './create-warehouse'
import { createDuckdbWarehouse } from './duckdb-warehouse'
import { type WarehouseUnderTest, warehouseConformance } from './warehouse.conformance'
import { WarehouseError } from './warehouse-errors'
import { warehouseHistoryConformance } from './warehouse-history.conformance'

async function inMemory(): Promise<WarehouseUnderTest> {
  const warehouse = await createWarehouse({ kind: 'duckdb', path: ':memory:' })
  expect(warehouse.dialect).toBe('duckdb')
  return {
    warehouse,
    slowQuery: 'SELECT sum(hash(i)) FROM range(1000000000000) t(i)',
    cleanup: () => warehouse.close(),
  }
}

warehouseConformance('duckdb (in memory)', inMemory)
warehouseHistoryConformance('duckdb (in memory)', inMemory)

describe('duckdb warehouse', () => {
  it('keeps loaded rows in its file across a reopen', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'vitrina-wh-'))
    try {
      const file = path.join(dir, 'warehouse.duckdb')
      const ref = { schema: 'main', name: 'продажи' }
      const columns = [{ identifier: 'город', type: 'text', required: true } as const]
      const first = await createDuckdbWarehouse({ path: file })
      await first.createTable(ref, columns)
      await first.load(ref, columns, toBatches([['Москва'], ['Тула']]), { kind: 'append' }, { batchId: 'b1' })
      await first.close()
      const second = await createDuckdbWarehouse({ path: file })
      const result = await second.runQuery({ sql: 'SELECT "город" FROM "продажи" ORDER BY 1', params: [] })
      expect(result.rows).toEqual([['Москва'], ['Тула']])
      await second.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('applies settings given at open', async () => {
    const warehouse = await createDuckdbWarehouse({ path: ':memory:', settings: { threads: '1' } })
    try {
      const result = await warehouse.runQuery({
        sql: "SELECT current_setting('threads') AS threads",
        params: [],
      })
      expect(result.rows).toEqual([[1]])
    } finally {
      await warehouse.close()
    }
  })

  it('queries beyond the slots wait their turn, and time out or cancel while waiting', async () => {
    const warehouse = await createDuckdbWarehouse({ path: ':memory:', querySlots: 1 })
    try {
      const hold = new AbortController()
      const slow = warehouse
        .runQuery(
          { sql: 'SELECT sum(hash(i)) FROM range(1000000000000) t(i)', params: [] },
          { signal: hold.signal },
        )
        .catch((e: unknown) => e)
      await new Promise((r) => setTimeout(r, 100))
      const timedOut = await warehouse
        .runQuery({ sql: 'SELECT 1', params: [] }, { timeoutMs: 200 })
        .catch((e) => e)
      expect((timedOut as WarehouseError).code).toBe('WAREHOUSE_QUERY_TIMEOUT')
      const leave = new AbortController()
      const waiting = warehouse
        .runQuery({ sql: 'SELECT 2', params: [] }, { signal: leave.signal })
        .catch((e) => e)
      leave.abort()
      expect(((await waiting) as WarehouseError).code).toBe('WAREHOUSE_QUERY_CANCELLED')
      hold.abort()
      expect(((await slow) as WarehouseError).code).toBe('WAREHOUSE_QUERY_CANCELLED')
      // The slot is free again.
      expect((await warehouse.runQuery({ sql: 'SELECT 3 AS n', params: [] })).rows).toEqual([[3]])
    } finally {
      await warehouse.close()
    }
  })

  it('user SQL can neither read files nor change settings', async () => {
    const warehouse = await createDuckdbWarehouse({ path: ':memory:' })
    try {
      for (const sql of [
        "SELECT * FROM read_csv('/etc/passwd')",
        'SET enable_external_access = true',
        'SET threads = 1',
      ]) {
        const err = await warehouse.runQuery({ sql, params: [] }, { readOnly: true }).catch((e: unknown) => e)
        expect(err).toBeInstanceOf(WarehouseError)
        expect((err as WarehouseError).code).toBe('WAREHOUSE_QUERY_FAILED')
      }
    } finally {
      await warehouse.close()
    }
  })
})

async function* toBatches<T>(rows: T[]): AsyncIterable<T[]> {
  yield rows
}
