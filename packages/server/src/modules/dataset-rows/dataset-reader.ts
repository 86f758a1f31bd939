import { sourceSettingsSchema } from '@vitrina/contracts'
import { AppError } from '../../http/errors'
import type { CompiledQuery, QueryResult, QueryStream, Warehouse, WarehouseDialect } from '../../warehouse'
import type { Dataset } from '../datasets/datasets.presenter'
import type { LinkedSourceAccess } from '../datasets/linked-datasets'

/** Where the grid and the export read a dataset's rows from. */
export interface DatasetReader {
  dialect: WarehouseDialect
  /** A warehouse table: rows have an engine row id and a batch (see RowsSql). */
  physical: boolean
  runQuery(query: CompiledQuery): Promise<QueryResult>
  streamQuery(query: CompiledQuery): QueryStream
}

export type ReaderFor = (dataset: Dataset) => Promise<DatasetReader>

/**
 * Warehouse datasets read the warehouse (the SQL is Vitrina's own). Linked datasets read their source through
 * its driver as a question would: a read-only transaction with the source's statement timeout.
 */
export function datasetReaders(warehouse: Warehouse, sources: () => LinkedSourceAccess): ReaderFor {
  const own: DatasetReader = {
    dialect: warehouse.dialect,
    physical: true,
    runQuery: (q) => warehouse.runQuery(q),
    streamQuery: (q) => warehouse.streamQuery(q, { readOnly: true }),
  }
  return async (dataset) => {
    if (dataset.kind === 'warehouse' || !dataset.sourceId) return own
    const source = await sources().forDataset(dataset.sourceId)
    const dialect = source.dialect
    if (dialect !== 'postgres' && dialect !== 'duckdb')
      throw new AppError(
        400,
        'DATASET_LINK_INVALID',
        `Source "${source.row.name}" cannot be read as a dataset`,
      )
    const driver = await source.driver()
    const opts = {
      readOnly: true,
      timeoutMs: sourceSettingsSchema.parse(source.row.settings).statementTimeoutMs,
    }
    return {
      dialect,
      physical: false,
      runQuery: (q) => driver.runQuery(q, opts),
      streamQuery: (q) => driver.streamQuery(q, opts),
    }
  }
}

/** 409 for writes into a dataset whose rows belong to its source. */
export function readOnlyError(dataset: Dataset): AppError {
  return new AppError(
    409,
    'DATASET_READ_ONLY',
    `"${dataset.name}" is linked to a table of its source and is read-only here: change the rows in the source`,
  )
}
