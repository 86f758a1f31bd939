import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoadMode, LoadValue, TableRef, Warehouse, WarehouseColumn } from './warehouse'
import {
  batches,
  COLUMNS,
  caught,
  expectCode,
  INITIAL,
  type WarehouseUnderTest,
} from './warehouse.conformance'

/**
 * Rows a load replaced come back when it is rolled back, in every mode, and a batch whose rows a later load
 * replaced cannot be rolled back until that load is. Run against every `Warehouse` beside the main suite.
 */
export function warehouseHistoryConformance(name: string, factory: () => Promise<WarehouseUnderTest>): void {
  describe(`warehouse history conformance: ${name}`, () => {
    let under: WarehouseUnderTest
    let wh: Warehouse
    let tableNo = 0
    const schema = 'datasets'

    beforeAll(async () => {
      under = await factory()
      wh = under.warehouse
    })
    afterAll(async () => {
      await under?.cleanup()
    })

    async function freshTable(): Promise<TableRef> {
      const ref = { schema, name: `hist_${++tableNo}` }
      await wh.createTable(ref, COLUMNS)
      await wh.load(ref, COLUMNS, batches(INITIAL), { kind: 'append' }, { batchId: 'b0' })
      return ref
    }
    const all = async (ref: TableRef, columns = COLUMNS) =>
      (
        await wh.runQuery({
          sql: `SELECT ${columns.map((c) => `"${c.identifier}"`).join(', ')}, _batch_id FROM "${ref.schema}"."${ref.name}" ORDER BY id, _batch_id`,
          params: [],
        })
      ).rows
    const load = (ref: TableRef, rows: LoadValue[][], mode: LoadMode, batchId: string, columns = COLUMNS) =>
      wh.load(ref, columns, batches(rows), mode, { batchId })
    const historyCount = async (ref: TableRef) =>
      (
        await wh.runQuery({
          sql: `SELECT count(*) FROM "${ref.schema}_history"."${ref.name}"`,
          params: [],
        })
      ).rows[0]?.[0]

    const modes: [string, LoadMode, LoadValue[][], { deleted: number; restored: number }][] = [
      [
        'append',
        { kind: 'append' },
        [[9, 'Тула', '2025-05-05', '1', true, null]],
        { deleted: 1, restored: 0 },
      ],
      [
        'replace',
        { kind: 'replace' },
        [[10, 'Казань', '2024-12-31', '1', true, null]],
        { deleted: 1, restored: 3 },
      ],
      [
        'replace-period',
        { kind: 'replace-period', dateColumn: 'sold_on' },
        [
          [20, 'Тверь', '2025-01-20', '5.5', true, null],
          [21, 'Тверь', '2025-02-01', '6', true, null],
        ],
        { deleted: 2, restored: 1 },
      ],
      [
        'upsert',
        { kind: 'upsert', keyColumns: ['id'] },
        [
          [2, 'Новгород', '2025-02-02', '7.25', true, null],
          [4, 'Омск', '2025-04-01', null, null, null],
        ],
        { deleted: 2, restored: 1 },
      ],
    ]

    it.each(modes)(
      'rolling back a %s load restores the table exactly as before it',
      async (_m, mode, rows, counts) => {
        const ref = await freshTable()
        const before = await all(ref)
        await load(ref, rows, mode, 'b1')
        expect(await all(ref)).not.toEqual(before)
        expect(await wh.rollbackBatch(ref, COLUMNS, 'b1')).toEqual({ status: 'rolled_back', ...counts })
        // Every value back as it was (decimals, timestamps, nulls), with the batch id of the load that made it.
        expect(await all(ref)).toEqual(before)
        expect(await historyCount(ref)).toBe(0)
      },
    )

    it('a batch whose rows a later load replaced cannot be rolled back until that load is', async () => {
      const ref = await freshTable()
      const before = await all(ref)
      const upsert: LoadMode = { kind: 'upsert', keyColumns: ['id'] }
      await load(ref, [[2, 'Первая правка', '2025-02-01', '1', true, null]], upsert, 'b1')
      await load(ref, [[2, 'Вторая правка', '2025-02-01', '2', true, null]], upsert, 'b2')
      const now = await all(ref)

      expect(await wh.rollbackBatch(ref, COLUMNS, 'b1')).toEqual({ status: 'blocked', replacedBy: ['b2'] })
      expect(await wh.rollbackBatch(ref, COLUMNS, 'b0')).toEqual({ status: 'blocked', replacedBy: ['b1'] })
      expect(await all(ref)).toEqual(now)

      expect(await wh.rollbackBatch(ref, COLUMNS, 'b2')).toEqual({
        status: 'rolled_back',
        deleted: 1,
        restored: 1,
      })
      expect((await all(ref)).find((r) => r[0] === 2)?.[1]).toBe('Первая правка')
      expect(await wh.rollbackBatch(ref, COLUMNS, 'b1')).toEqual({
        status: 'rolled_back',
        deleted: 1,
        restored: 1,
      })
      expect(await all(ref)).toEqual(before)
    })

    it('a replace after a replace: the older one is blocked, the newer one restores the older rows', async () => {
      const ref = await freshTable()
      await load(ref, [[10, 'a', '2025-01-01', '1', true, null]], { kind: 'replace' }, 'b1')
      const second = await load(ref, [[11, 'b', '2025-01-01', '1', true, null]], { kind: 'replace' }, 'b2')
      expect(second.replaced).toEqual([{ batchId: 'b1', rows: 1 }])
      expect(await wh.rollbackBatch(ref, COLUMNS, 'b1')).toEqual({ status: 'blocked', replacedBy: ['b2'] })
      await wh.rollbackBatch(ref, COLUMNS, 'b2')
      expect((await all(ref)).map((r) => [r[0], r[6]])).toEqual([[10, 'b1']])
    })

    it('rows added by hand (no batch) that a load replaced come back with no batch', async () => {
      const ref = await freshTable()
      await wh.runQuery({
        sql: `INSERT INTO "${schema}"."${ref.name}" (id, region, sold_on) VALUES (7, 'вручную', DATE '2025-07-01')`,
        params: [],
      })
      const before = await all(ref)
      const result = await load(
        ref,
        [[7, 'из файла', '2025-07-01', null, null, null]],
        { kind: 'upsert', keyColumns: ['id'] },
        'b1',
      )
      expect(result.replaced).toEqual([{ batchId: null, rows: 1 }])
      await wh.rollbackBatch(ref, COLUMNS, 'b1')
      expect(await all(ref)).toEqual(before)
    })

    it('a failed load keeps no history; rolling back a batch that loaded nothing changes nothing', async () => {
      const ref = await freshTable()
      const dup: LoadValue[][] = [
        [1, 'a', '2025-01-01', null, null, null],
        [1, 'b', '2025-01-02', null, null, null],
      ]
      expectCode(
        await caught(load(ref, dup, { kind: 'upsert', keyColumns: ['id'] }, 'b1')),
        'WAREHOUSE_LOAD_DUPLICATE_KEY',
      )
      expect(await historyCount(ref)).toBe(0)
      expect(await wh.rollbackBatch(ref, COLUMNS, 'b1')).toEqual({
        status: 'rolled_back',
        deleted: 0,
        restored: 0,
      })
      expect((await all(ref)).length).toBe(3)
    })

    it('an added column is kept in history and restored with its values', async () => {
      const ref = await freshTable()
      const manager: WarehouseColumn = { identifier: 'manager', type: 'text', required: false }
      await wh.addColumn(ref, manager)
      const columns = [...COLUMNS, manager]
      await load(
        ref,
        [[5, null, '2025-06-01', null, null, null, 'Иванов']],
        { kind: 'append' },
        'b1',
        columns,
      )
      const before = await all(ref, columns)
      await load(
        ref,
        [[6, null, '2025-06-02', null, null, null, 'Петров']],
        { kind: 'replace' },
        'b2',
        columns,
      )
      await wh.rollbackBatch(ref, columns, 'b2')
      expect(await all(ref, columns)).toEqual(before)
      expect(before.find((r) => r[0] === 5)?.[6]).toBe('Иванов')
    })

    it('a table created before history existed gets its history table on the first replacing load', async () => {
      const ref = { schema, name: `legacy_${++tableNo}` }
      await wh.runQuery({
        sql: `CREATE TABLE "${schema}"."${ref.name}" (id BIGINT NOT NULL, region VARCHAR, sold_on DATE NOT NULL, amount DECIMAL(38,10), paid BOOLEAN, created_at TIMESTAMP, _batch_id VARCHAR)`,
        params: [],
      })
      await load(ref, INITIAL, { kind: 'append' }, 'b0')
      // A legacy append batch rolls back without any history table.
      await load(ref, [[8, 'x', '2025-01-01', null, null, null]], { kind: 'append' }, 'b9')
      expect(await wh.rollbackBatch(ref, COLUMNS, 'b9')).toEqual({
        status: 'rolled_back',
        deleted: 1,
        restored: 0,
      })
      const before = await all(ref)
      await load(ref, [[10, 'Казань', '2024-12-31', '1', true, null]], { kind: 'replace' }, 'b1')
      expect(await wh.rollbackBatch(ref, COLUMNS, 'b1')).toEqual({
        status: 'rolled_back',
        deleted: 1,
        restored: 3,
      })
      expect(await all(ref)).toEqual(before)
    })

    it('introspect hides the history tables; dropTable drops the table and its history', async () => {
      const ref = await freshTable()
      await load(ref, [[10, 'Казань', '2024-12-31', '1', true, null]], { kind: 'replace' }, 'b1')
      const catalog = await wh.introspect()
      expect(catalog.tables.some((t) => t.schema === `${schema}_history`)).toBe(false)
      expect(catalog.tables.some((t) => t.name === ref.name)).toBe(true)
      await wh.dropTable(ref)
      await wh.dropTable(ref)
      for (const s of [schema, `${schema}_history`]) {
        expectCode(
          await caught(wh.runQuery({ sql: `SELECT * FROM "${s}"."${ref.name}"`, params: [] })),
          'WAREHOUSE_QUERY_FAILED',
        )
      }
    })
  })
}
