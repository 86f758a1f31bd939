import { assertUnreachable } from '../http/errors'
import { historyTableStatements, replacedCountsSql, replaceRowsStatements } from './history'
import { checkColumns, quoteIdent, quoteTable } from './sql'
import {
  BATCH_COLUMN,
  type LoadMode,
  type TableRef,
  type WarehouseColumn,
  type WarehouseDialect,
} from './warehouse'
import { WarehouseError } from './warehouse-errors'

/** One statement of a load after staging; `count` says which LoadResult figure its row count feeds. */
export interface LoadStatement {
  sql: string
  params: unknown[]
  count: 'deleted' | 'updated' | null
}

/** Checks run on the staged rows before any statement touches the target; a returned row fails the load. */
export interface LoadCheck {
  sql: string
  code: 'WAREHOUSE_LOAD_DUPLICATE_KEY' | 'WAREHOUSE_LOAD_NULL_KEY'
  message: string
}

export interface LoadPlan {
  /**
   * DDL for the history table (idempotent), for a table created before history existed: the engine runs it
   * in the load's transaction when the history table is missing.
   */
  setup: string[]
  checks: LoadCheck[]
  /** The mode's statements; the last one is the insert of the loaded rows. */
  statements: LoadStatement[]
  /** After the statements: rows replaced per earlier batch (`_batch_id`, count); null for append. */
  replacedCounts: { sql: string; params: unknown[] } | null
}

/**
 * The mode's statements, shared by both engines (`$1` placeholders work in each). Every row a mode removes
 * is first copied into the history table, marked with this batch, so that a rollback can restore it.
 */
export function planLoad(
  dialect: WarehouseDialect,
  target: TableRef,
  staging: string,
  columns: WarehouseColumn[],
  mode: LoadMode,
  batchId: string,
): LoadPlan {
  checkColumns(columns)
  const t = quoteTable(target)
  const names = columns.map((c) => quoteIdent(c.identifier))
  const insert: LoadStatement = {
    sql: `INSERT INTO ${t} (${names.join(', ')}, ${quoteIdent(BATCH_COLUMN)}) SELECT ${names.join(', ')}, $1 FROM ${staging}`,
    params: [batchId],
    count: null,
  }
  const column = (identifier: string, role: string) => {
    const found = columns.find((c) => c.identifier === identifier)
    if (!found) {
      throw new WarehouseError('WAREHOUSE_INVALID_DEFINITION', `${role} ${identifier} is not a loaded column`)
    }
    return found
  }
  /** Delete the rows matching `where` (on the target aliased `t`), keeping them in history, then insert. */
  const replacing = (where: string | null, count: 'deleted' | 'updated'): LoadPlan => {
    const sql = replaceRowsStatements(dialect, target, columns, where)
    return {
      setup: historyTableStatements(dialect, target, columns),
      checks: [],
      statements: [
        ...sql.map((s, i) => ({
          sql: s,
          // The DuckDB delete binds nothing; every other statement binds the batch id as $1.
          params: s.startsWith('DELETE') ? [] : [batchId],
          count: i === sql.length - 1 ? count : null,
        })),
        insert,
      ],
      replacedCounts: { sql: replacedCountsSql(target), params: [batchId] },
    }
  }
  switch (mode.kind) {
    case 'append':
      return { setup: [], checks: [], statements: [insert], replacedCounts: null }
    case 'replace':
      return replacing(null, 'deleted')
    case 'replace-period': {
      const d = column(mode.dateColumn, 'Date column')
      if (d.type !== 'date' && d.type !== 'timestamp') {
        throw new WarehouseError(
          'WAREHOUSE_INVALID_DEFINITION',
          `Date column ${d.identifier} is of type ${d.type}`,
        )
      }
      const q = quoteIdent(d.identifier)
      // An empty load has no period (min and max are NULL), so it deletes nothing.
      return replacing(
        `t.${q} >= (SELECT min(${q}) FROM ${staging}) AND t.${q} <= (SELECT max(${q}) FROM ${staging})`,
        'deleted',
      )
    }
    case 'upsert': {
      if (mode.keyColumns.length === 0) {
        throw new WarehouseError('WAREHOUSE_INVALID_DEFINITION', 'Upsert needs at least one key column')
      }
      const keys = mode.keyColumns.map((k) => quoteIdent(column(k, 'Key column').identifier))
      const match = keys.map((k) => `s.${k} = t.${k}`).join(' AND ')
      return {
        ...replacing(`EXISTS (SELECT 1 FROM ${staging} s WHERE ${match})`, 'updated'),
        checks: [
          {
            sql: `SELECT 1 FROM ${staging} WHERE ${keys.map((k) => `${k} IS NULL`).join(' OR ')} LIMIT 1`,
            code: 'WAREHOUSE_LOAD_NULL_KEY',
            message: `A loaded row has an empty key (${mode.keyColumns.join(', ')})`,
          },
          {
            sql: `SELECT 1 FROM ${staging} GROUP BY ${keys.join(', ')} HAVING count(*) > 1 LIMIT 1`,
            code: 'WAREHOUSE_LOAD_DUPLICATE_KEY',
            message: `Several loaded rows have the same key (${mode.keyColumns.join(', ')})`,
          },
        ],
      }
    }
    default:
      return assertUnreachable(mode)
  }
}
