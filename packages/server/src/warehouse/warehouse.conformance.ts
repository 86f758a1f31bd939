import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoadValue, TableRef, Warehouse, WarehouseColumn } from './warehouse'
import { WarehouseError } from './warehouse-errors'

export interface WarehouseUnderTest {
  warehouse: Warehouse
  /** A query that runs for many seconds unless stopped. */
  slowQuery: string
  cleanup(): Promise<void>
}

export const COLUMNS: WarehouseColumn[] = [
  { identifier: 'id', type: 'integer', required: true },
  { identifier: 'region', type: 'text', required: false },
  { identifier: 'sold_on', type: 'date', required: true },
  { identifier: 'amount', type: 'decimal', required: false },
  { identifier: 'paid', type: 'boolean', required: false },
  { identifier: 'created_at', type: 'timestamp', required: false },
]

export const INITIAL: LoadValue[][] = [
  [1, 'Москва', '2025-01-15', '-1234.56', true, '2025-01-15 23:30:00'],
  [2, 'Санкт-Петербург', '2025-02-01', '0.0000000001', false, null],
  [3, null, '2025-03-31', '12345678901234567890.1234567891', null, '2025-03-31 00:00:00.5'],
]

export async function* batches(rows: LoadValue[][], size = 2): AsyncIterable<LoadValue[][]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size)
}

export function expectCode(err: unknown, code: string): void {
  expect(err).toBeInstanceOf(WarehouseError)
  expect((err as WarehouseError).code).toBe(code)
}

export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (err) {
    return err
  }
  throw new Error('expected a failure')
}

/** The one suite every `Warehouse` implementation passes. */
export function warehouseConformance(name: string, factory: () => Promise<WarehouseUnderTest>): void {
  describe(`warehouse conformance: ${name}`, () => {
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

    async function freshTable(rows: LoadValue[][] = INITIAL): Promise<TableRef> {
      const ref = { schema, name: `sales_${++tableNo}` }
      await wh.createTable(ref, COLUMNS)
      if (rows.length > 0) await wh.load(ref, COLUMNS, batches(rows), { kind: 'append' }, { batchId: 'b0' })
      return ref
    }
    const all = async (ref: TableRef) =>
      (
        await wh.runQuery({
          sql: `SELECT * FROM "${ref.schema}"."${ref.name}" ORDER BY id, _batch_id`,
          params: [],
        })
      ).rows
    const ids = async (ref: TableRef) =>
      (
        await wh.runQuery({ sql: `SELECT id FROM "${ref.schema}"."${ref.name}" ORDER BY id`, params: [] })
      ).rows.map((r) => r[0])

    it('appends rows that read back exactly: Cyrillic, exact decimals, dates, timestamps, booleans, nulls', async () => {
      const ref = await freshTable()
      expect(await all(ref)).toEqual([
        [1, 'Москва', '2025-01-15', '-1234.56', true, '2025-01-15 23:30:00', 'b0'],
        [2, 'Санкт-Петербург', '2025-02-01', '0.0000000001', false, null, 'b0'],
        [3, null, '2025-03-31', '12345678901234567890.1234567891', null, '2025-03-31 00:00:00.5', 'b0'],
      ])
      const result = await wh.runQuery({
        sql: `SELECT * FROM "${schema}"."${ref.name}" WHERE id = 1`,
        params: [],
      })
      expect(result.columns).toEqual([
        { name: 'id', type: 'integer' },
        { name: 'region', type: 'text' },
        { name: 'sold_on', type: 'date' },
        { name: 'amount', type: 'decimal' },
        { name: 'paid', type: 'boolean' },
        { name: 'created_at', type: 'timestamp' },
        { name: '_batch_id', type: 'text' },
      ])
      expect(result.truncated).toBe(false)
    })

    it('binds query parameters, Cyrillic included, and never splices them into the SQL', async () => {
      const ref = await freshTable()
      const sql = `SELECT id, region FROM "${schema}"."${ref.name}" WHERE region = $1 OR region = $2 ORDER BY id`
      const result = await wh.runQuery({ sql, params: ['Москва', "x' OR '1'='1"] })
      expect(result.rows).toEqual([[1, 'Москва']])
    })

    it('replace deletes every row, then inserts the loaded ones', async () => {
      const ref = await freshTable()
      const result = await wh.load(
        ref,
        COLUMNS,
        batches([[10, 'Казань', '2024-12-31', '1', true, null]]),
        { kind: 'replace' },
        { batchId: 'b1' },
      )
      expect(result).toEqual({ inserted: 1, deleted: 3, updated: 0, replaced: [{ batchId: 'b0', rows: 3 }] })
      expect(await all(ref)).toEqual([[10, 'Казань', '2024-12-31', '1', true, null, 'b1']])
    })

    it('replace-period replaces only the rows within the loaded date range', async () => {
      const ref = await freshTable()
      const rows: LoadValue[][] = [
        [20, 'Тверь', '2025-01-20', '5.5', true, null],
        [21, 'Тверь', '2025-02-01', '6', true, null],
      ]
      const result = await wh.load(
        ref,
        COLUMNS,
        batches(rows),
        { kind: 'replace-period', dateColumn: 'sold_on' },
        { batchId: 'b1' },
      )
      // 2025-01-15 lies before the period, 2025-02-01 on its edge (replaced), 2025-03-31 after it.
      expect(result).toEqual({ inserted: 2, deleted: 1, updated: 0, replaced: [{ batchId: 'b0', rows: 1 }] })
      expect(await ids(ref)).toEqual([1, 3, 20, 21])
    })

    it('upsert replaces rows with a matching key and inserts the others', async () => {
      const ref = await freshTable()
      const rows: LoadValue[][] = [
        [2, 'Новгород', '2025-02-02', '7.25', true, null],
        [4, 'Омск', '2025-04-01', null, null, null],
      ]
      const result = await wh.load(
        ref,
        COLUMNS,
        batches(rows),
        { kind: 'upsert', keyColumns: ['id'] },
        { batchId: 'b1' },
      )
      expect(result).toEqual({ inserted: 1, deleted: 0, updated: 1, replaced: [{ batchId: 'b0', rows: 1 }] })
      const data = await all(ref)
      expect(data.map((r) => [r[0], r[1], r[6]])).toEqual([
        [1, 'Москва', 'b0'],
        [2, 'Новгород', 'b1'],
        [3, null, 'b0'],
        [4, 'Омск', 'b1'],
      ])
    })

    it('upsert refuses loaded rows sharing a key, changing nothing', async () => {
      const ref = await freshTable()
      const rows: LoadValue[][] = [
        [1, 'a', '2025-01-01', null, null, null],
        [1, 'b', '2025-01-02', null, null, null],
      ]
      const err = await caught(
        wh.load(ref, COLUMNS, batches(rows), { kind: 'upsert', keyColumns: ['id'] }, { batchId: 'b1' }),
      )
      expectCode(err, 'WAREHOUSE_LOAD_DUPLICATE_KEY')
      expect(await ids(ref)).toEqual([1, 2, 3])
    })

    it('adds a column that later loads fill', async () => {
      const ref = await freshTable()
      const manager: WarehouseColumn = { identifier: 'manager', type: 'text', required: false }
      await wh.addColumn(ref, manager)
      const columns = [...COLUMNS, manager]
      await wh.load(
        ref,
        columns,
        batches([[5, null, '2025-06-01', null, null, null, 'Иванов']]),
        { kind: 'append' },
        { batchId: 'b1' },
      )
      const result = await wh.runQuery({
        sql: `SELECT id, manager FROM "${schema}"."${ref.name}" ORDER BY id`,
        params: [],
      })
      expect(result.rows).toEqual([
        [1, null],
        [2, null],
        [3, null],
        [5, 'Иванов'],
      ])
    })

    it('a row source failing after many rows rolls the whole load back', async () => {
      const ref = await freshTable()
      async function* failing(): AsyncIterable<LoadValue[][]> {
        for (let b = 0; b < 10; b++) {
          yield Array.from({ length: 1000 }, (_, i) => [
            1000 + b * 1000 + i,
            'r',
            '2025-01-01',
            '1.5',
            true,
            null,
          ])
        }
        throw new Error('file broke at row 10001')
      }
      const err = await caught(wh.load(ref, COLUMNS, failing(), { kind: 'replace' }, { batchId: 'b1' }))
      expect((err as Error).message).toBe('file broke at row 10001')
      expect(await ids(ref)).toEqual([1, 2, 3])
    })

    it('aborting the signal between batches cancels the load and changes nothing', async () => {
      const ref = await freshTable()
      const controller = new AbortController()
      async function* slow(): AsyncIterable<LoadValue[][]> {
        yield [[50, 'a', '2025-01-01', '1', true, null]]
        controller.abort()
        yield [[51, 'b', '2025-01-01', '1', true, null]]
      }
      const load = wh.load(
        ref,
        COLUMNS,
        slow(),
        { kind: 'replace' },
        { batchId: 'b1', signal: controller.signal },
      )
      expectCode(await caught(load), 'WAREHOUSE_LOAD_CANCELLED')
      expect(await ids(ref)).toEqual([1, 2, 3])
    })

    it('a value the column type cannot hold fails the load with WAREHOUSE_LOAD_BAD_VALUE and changes nothing', async () => {
      const ref = await freshTable()
      const rows: LoadValue[][] = [
        [7, 'ok', '2025-01-01', '1', true, null],
        [8, 'bad', '31.12.2025', '1', true, null],
      ]
      expectCode(
        await caught(wh.load(ref, COLUMNS, batches(rows), { kind: 'replace' }, { batchId: 'b1' })),
        'WAREHOUSE_LOAD_BAD_VALUE',
      )
      expect(await ids(ref)).toEqual([1, 2, 3])
    })

    it('refuses values the engines would round: a fractional integer, an 11th decimal place', async () => {
      const ref = await freshTable()
      for (const row of [
        [7, 'x', '2025-01-01', '1', true, null],
        [7.5, 'x', '2025-01-01', '1', true, null],
      ] satisfies LoadValue[][]) {
        const rows = [row, ['1.5', 'x', '2025-01-01', '1.12345678901', true, null]]
        const err = await caught(wh.load(ref, COLUMNS, batches(rows), { kind: 'append' }, { batchId: 'b1' }))
        expectCode(err, 'WAREHOUSE_LOAD_BAD_VALUE')
        expect((err as WarehouseError).details).toMatchObject({ row: row[0] === 7 ? 2 : 1, column: 'id' })
      }
      expect(await ids(ref)).toEqual([1, 2, 3])
    })

    it('a missing required value fails the load with WAREHOUSE_LOAD_CONSTRAINT and changes nothing', async () => {
      const ref = await freshTable()
      const rows: LoadValue[][] = [[7, 'x', null, '1', true, null]]
      expectCode(
        await caught(wh.load(ref, COLUMNS, batches(rows), { kind: 'append' }, { batchId: 'b1' })),
        'WAREHOUSE_LOAD_CONSTRAINT',
      )
      expect(await ids(ref)).toEqual([1, 2, 3])
    })

    it('a read-only query cannot write', async () => {
      const ref = await freshTable()
      const err = await caught(
        wh.runQuery({ sql: `DELETE FROM "${schema}"."${ref.name}"`, params: [] }, { readOnly: true }),
      )
      expectCode(err, 'WAREHOUSE_WRITE_REFUSED')
      expect(await ids(ref)).toEqual([1, 2, 3])
    })

    it('a read-only query cannot smuggle a second statement past its transaction', async () => {
      const ref = await freshTable()
      const t = `"${schema}"."${ref.name}"`
      for (const sql of [
        `COMMIT; DELETE FROM ${t}`,
        `SELECT 1; COMMIT; DELETE FROM ${t}`,
        `SELECT 1; DELETE FROM ${t}`,
      ]) {
        const err = await caught(wh.runQuery({ sql, params: [] }, { readOnly: true }))
        expectCode(err, 'WAREHOUSE_MULTIPLE_STATEMENTS')
        expect(await ids(ref)).toEqual([1, 2, 3])
      }
    })

    it('the row cap stops reading and marks the result truncated', async () => {
      const ref = await freshTable()
      const sql = `SELECT id FROM "${schema}"."${ref.name}" ORDER BY id`
      const capped = await wh.runQuery({ sql, params: [] }, { rowCap: 2, readOnly: true })
      expect(capped).toMatchObject({ rows: [[1], [2]], truncated: true })
      const exact = await wh.runQuery({ sql, params: [] }, { rowCap: 3 })
      expect(exact).toMatchObject({ rows: [[1], [2], [3]], truncated: false })
    })

    it('streams in batches of batchRows and announces columns even for an empty result', async () => {
      const ref = await freshTable()
      const stream = wh.streamQuery(
        { sql: `SELECT id FROM "${schema}"."${ref.name}" ORDER BY id`, params: [] },
        { batchRows: 2 },
      )
      const sizes: number[] = []
      for await (const batch of stream) sizes.push(batch.length)
      expect(sizes).toEqual([2, 1])
      const empty = await wh.runQuery({
        sql: `SELECT id FROM "${schema}"."${ref.name}" WHERE id < 0`,
        params: [],
      })
      expect(empty).toEqual({ columns: [{ name: 'id', type: 'integer' }], rows: [], truncated: false })
    })

    it('a query running past timeoutMs is stopped with WAREHOUSE_QUERY_TIMEOUT', async () => {
      const err = await caught(
        wh.runQuery({ sql: under.slowQuery, params: [] }, { timeoutMs: 300, readOnly: true }),
      )
      expectCode(err, 'WAREHOUSE_QUERY_TIMEOUT')
      expect((await wh.runQuery({ sql: 'SELECT 1 AS one', params: [] })).rows).toEqual([[1]])
    })

    it('aborting the signal cancels the running query on the engine', async () => {
      const controller = new AbortController()
      const running = wh.runQuery({ sql: under.slowQuery, params: [] }, { signal: controller.signal })
      setTimeout(() => controller.abort(), 300)
      expectCode(await caught(running), 'WAREHOUSE_QUERY_CANCELLED')
      expect((await wh.runQuery({ sql: 'SELECT 2 AS two', params: [] })).rows).toEqual([[2]])
    })

    it('an abort arriving while the query is still starting cancels it too', async () => {
      for (const delayMs of [0, 2, 10, 40]) {
        const controller = new AbortController()
        const running = wh.runQuery({ sql: under.slowQuery, params: [] }, { signal: controller.signal })
        setTimeout(() => controller.abort(), delayMs)
        expectCode(await caught(running), 'WAREHOUSE_QUERY_CANCELLED')
      }
    })

    it('a SQL error is reported as WAREHOUSE_QUERY_FAILED', async () => {
      expectCode(
        await caught(wh.runQuery({ sql: 'SELECT * FROM no_such_table', params: [] })),
        'WAREHOUSE_QUERY_FAILED',
      )
    })

    it('introspect lists the tables and their columns, without the batch column', async () => {
      const ref = await freshTable([])
      const catalog = await wh.introspect()
      const table = catalog.tables.find((t) => t.schema === schema && t.name === ref.name)
      expect(table).toEqual({
        schema,
        name: ref.name,
        columns: [
          { name: 'id', type: 'integer' },
          { name: 'region', type: 'text' },
          { name: 'sold_on', type: 'date' },
          { name: 'amount', type: 'decimal' },
          { name: 'paid', type: 'boolean' },
          { name: 'created_at', type: 'timestamp' },
        ],
        foreignKeys: [],
      })
    })

    it('introspect reports single-column foreign keys', async () => {
      await wh.runQuery({
        sql: `CREATE TABLE "${schema}"."regions" ("code" VARCHAR PRIMARY KEY)`,
        params: [],
      })
      await wh.runQuery({
        sql: `CREATE TABLE "${schema}"."shops" ("id" BIGINT, "region" VARCHAR REFERENCES "${schema}"."regions" ("code"))`,
        params: [],
      })
      const shops = (await wh.introspect()).tables.find((t) => t.schema === schema && t.name === 'shops')
      expect(shops?.foreignKeys).toEqual([
        { column: 'region', references: { schema, name: 'regions', column: 'code' }, detected: false },
      ])
    })

    it('an empty replace-period load has no period and deletes nothing', async () => {
      const ref = await freshTable()
      const result = await wh.load(
        ref,
        COLUMNS,
        batches([]),
        { kind: 'replace-period', dateColumn: 'sold_on' },
        { batchId: 'b1' },
      )
      expect(result).toEqual({ inserted: 0, deleted: 0, updated: 0, replaced: [] })
      expect(await ids(ref)).toEqual([1, 2, 3])
    })

    it('loads many rows across batches in one go', async () => {
      const ref = await freshTable([])
      const rows: LoadValue[][] = Array.from({ length: 5000 }, (_, i) => [
        i,
        `Город ${i}`,
        '2025-01-01',
        i / 4,
        i % 2 === 0,
        null,
      ])
      const result = await wh.load(ref, COLUMNS, batches(rows, 700), { kind: 'append' }, { batchId: 'big' })
      expect(result.inserted).toBe(5000)
      const sum = await wh.runQuery({
        sql: `SELECT count(*) AS n, CAST(sum(amount) AS VARCHAR) AS total FROM "${schema}"."${ref.name}"`,
        params: [],
      })
      // 0/4 + 1/4 + ... + 4999/4 = 3,124,375 exactly: JS numbers for decimals arrive unrounded.
      expect(sum.rows).toEqual([[5000, '3124375.0000000000']])
    })

    // Loads insert in chunks of some 16k rows while the next rows arrive: a failure in a late chunk must
    // still take back the chunks already inserted.
    const manyRows = (
      n: number,
      at = (i: number): string | null => `2025-01-${String(1 + (i % 28)).padStart(2, '0')}`,
    ) =>
      Array.from({ length: n }, (_, i): LoadValue[] => [
        i,
        `Город ${i % 50}`,
        at(i),
        '2.5',
        i % 2 === 0,
        null,
      ])

    it('a load of many chunks failing in its last rows changes nothing', async () => {
      const ref = await freshTable()
      const rows = manyRows(50_000, (i) => (i === 49_990 ? null : '2025-02-01'))
      expectCode(
        await caught(wh.load(ref, COLUMNS, batches(rows, 1000), { kind: 'append' }, { batchId: 'b1' })),
        'WAREHOUSE_LOAD_CONSTRAINT',
      )
      expect(await ids(ref)).toEqual([1, 2, 3])
    })

    it('upserts and replaces periods with many chunks of rows', async () => {
      const ref = await freshTable()
      const upserted = await wh.load(
        ref,
        COLUMNS,
        batches(manyRows(40_000), 1000),
        { kind: 'upsert', keyColumns: ['id'] },
        { batchId: 'b1' },
      )
      expect(upserted).toEqual({
        inserted: 39_997,
        deleted: 0,
        updated: 3,
        replaced: [{ batchId: 'b0', rows: 3 }],
      })
      const replaced = await wh.load(
        ref,
        COLUMNS,
        batches(manyRows(30_000), 1000),
        { kind: 'replace-period', dateColumn: 'sold_on' },
        { batchId: 'b2' },
      )
      expect(replaced).toMatchObject({ inserted: 30_000, deleted: 40_000, updated: 0 })
      expect(replaced.replaced.map((r) => r.rows).reduce((a, b) => a + b, 0)).toBe(40_000)
      const count = await wh.runQuery({ sql: `SELECT count(*) FROM "${schema}"."${ref.name}"`, params: [] })
      expect(count.rows).toEqual([[30_000]])
    })

    it('refuses a table definition using the reserved batch column', async () => {
      const err = await caught(
        wh.createTable({ schema, name: 'bad' }, [{ identifier: '_batch_id', type: 'text', required: false }]),
      )
      expectCode(err, 'WAREHOUSE_INVALID_DEFINITION')
    })
  })
}
