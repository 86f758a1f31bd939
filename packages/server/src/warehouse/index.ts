export { createWarehouse, type WarehouseConfig } from './create-warehouse'
export type {
  CompiledQuery,
  LoadMode,
  LoadOptions,
  LoadResult,
  LoadValue,
  QueryOptions,
  QueryResult,
  QueryStream,
  ReplacedRows,
  RollbackResult,
  Row,
  Value,
  Warehouse,
  WarehouseColumn,
  WarehouseDialect,
} from './warehouse'
export { BATCH_COLUMN } from './warehouse'
export { WAREHOUSE_ERROR_CODES, WarehouseError, type WarehouseErrorCode } from './warehouse-errors'
