import { stat } from 'node:fs/promises'
import { createDuckdbWarehouse } from '../warehouse/duckdb-warehouse'
import type { SourceDriver } from './source-driver'
import { connectionError, SourceError } from './source-errors'
import { warehouseDriver } from './warehouse-driver'

/** A DuckDB database file opened read-only (no external file or network access from SQL). */
export async function createDuckdbFileDriver(path: string): Promise<SourceDriver> {
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file')
  } catch {
    throw new SourceError('SOURCE_FILE_NOT_FOUND', `No DuckDB database file at ${path}`)
  }
  try {
    const warehouse = await createDuckdbWarehouse({ path, settings: { access_mode: 'READ_ONLY' } })
    return warehouseDriver(warehouse, { owned: true, builtIn: false })
  } catch (err) {
    throw connectionError(err)
  }
}
