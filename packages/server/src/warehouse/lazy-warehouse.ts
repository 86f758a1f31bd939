import type { WarehouseConfig } from './create-warehouse'
import { createWarehouse } from './create-warehouse'
import type { QueryStream, Warehouse, WarehouseDialect } from './warehouse'

/**
 * The app's warehouse, opened on first use: commands that never touch datasets (`vitrina migrate`, user
 * admin) do not open, and so do not lock, the DuckDB file. `close()` closes it only if it was opened.
 */
export function lazyWarehouse(config: WarehouseConfig): Warehouse {
  let opening: Promise<Warehouse> | null = null
  let opened: Warehouse | null = null
  const get = () => {
    opening ??= createWarehouse(config).then((w) => {
      opened = w
      return w
    })
    return opening
  }
  const dialect: WarehouseDialect = config.kind
  return {
    dialect,
    streamQuery(query, opts) {
      let inner: QueryStream | null = null
      return {
        get columns() {
          return inner?.columns ?? null
        },
        async *[Symbol.asyncIterator]() {
          inner = (await get()).streamQuery(query, opts)
          yield* inner
        },
      }
    },
    runQuery: async (query, opts) => (await get()).runQuery(query, opts),
    createTable: async (ref, columns) => (await get()).createTable(ref, columns),
    addColumn: async (ref, column) => (await get()).addColumn(ref, column),
    load: async (target, columns, rows, mode, opts) => (await get()).load(target, columns, rows, mode, opts),
    dropTable: async (ref) => (await get()).dropTable(ref),
    rollbackBatch: async (ref, columns, batchId) => (await get()).rollbackBatch(ref, columns, batchId),
    introspect: async () => (await get()).introspect(),
    poolStats: () => opened?.poolStats() ?? null,
    async close() {
      const closing = opening
      opening = null
      opened = null
      if (closing) await (await closing).close()
    },
  }
}

/** DuckDB file in the data folder by default; PostgreSQL when `WAREHOUSE_URL` is set. */
export function warehouseConfigOf(config: {
  warehouse: { url: string | null; duckdbPath: string; duckdbQuerySlots?: number }
}): WarehouseConfig {
  return config.warehouse.url
    ? { kind: 'postgres', url: config.warehouse.url }
    : { kind: 'duckdb', path: config.warehouse.duckdbPath, querySlots: config.warehouse.duckdbQuerySlots }
}
