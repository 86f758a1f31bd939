import { assertUnreachable } from '../http/errors'
import { createDuckdbWarehouse, type DuckdbWarehouseConfig } from './duckdb-warehouse'
import { createPostgresWarehouse, type PostgresWarehouseConfig } from './postgres-warehouse'
import type { Warehouse } from './warehouse'

export type WarehouseConfig =
  | ({ kind: 'duckdb' } & DuckdbWarehouseConfig)
  | ({ kind: 'postgres' } & PostgresWarehouseConfig)

/** DuckDB file in the data folder by default; PostgreSQL when `WAREHOUSE_URL` is set. */
export async function createWarehouse(config: WarehouseConfig): Promise<Warehouse> {
  switch (config.kind) {
    case 'duckdb':
      return createDuckdbWarehouse(config)
    case 'postgres':
      return createPostgresWarehouse(config)
    default:
      return assertUnreachable(config)
  }
}
