import type { SqlDialect } from '@vitrina/contracts'
import { BATCH_COLUMN, type Warehouse } from '../warehouse'
import { isHistorySchema } from '../warehouse/history'
import { readCatalog } from './catalog-sql'
import type { SourceDriver } from './source-driver'
import { connectionError } from './source-errors'

const CATALOG_TIMEOUT_MS = 60_000

/**
 * A warehouse engine (the built-in one, or one opened on an added PostgreSQL / DuckDB source) as a source
 * driver. `owned`: close() closes the engine; the built-in warehouse belongs to the app, not the source.
 */
export function warehouseDriver(
  warehouse: Warehouse,
  opts: { owned: boolean; builtIn: boolean },
): SourceDriver {
  const dialect: SqlDialect = warehouse.dialect
  const hidden = new Set(opts.builtIn ? [BATCH_COLUMN] : [])
  return {
    dialect,
    streamQuery: (query, o) => warehouse.streamQuery(query, o),
    runQuery: (query, o) => warehouse.runQuery(query, o),
    catalog: async () => {
      const tables = await readCatalog(
        dialect,
        (q) => warehouse.runQuery(q, { readOnly: true, timeoutMs: CATALOG_TIMEOUT_MS }),
        hidden,
      )
      // The history tables behind dataset rollbacks are the warehouse's own bookkeeping.
      return opts.builtIn ? tables.filter((t) => !isHistorySchema(t.schema)) : tables
    },
    async test() {
      try {
        const result = await warehouse.runQuery(
          { sql: 'SELECT version()', params: [] },
          { readOnly: true, timeoutMs: 10_000 },
        )
        return { serverVersion: String(result.rows[0]?.[0] ?? '') }
      } catch (err) {
        throw connectionError(err)
      }
    },
    async close() {
      if (opts.owned) await warehouse.close()
    },
  }
}
