import { assertUnreachable } from '../http/errors'
import { checkColumns, quoteIdent, quoteTable } from './sql'
import { BATCH_COLUMN, type LoadMode, type TableRef, type WarehouseColumn } from './warehouse'
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
  checks: LoadCheck[]
  statements: LoadStatement[]
}

/** The mode's statements, shared by both engines (`$1` placeholders work in each). */
export function planLoad(
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
  switch (mode.kind) {
    case 'append':
      return { checks: [], statements: [insert] }
    case 'replace':
      return { checks: [], statements: [{ sql: `DELETE FROM ${t}`, params: [], count: 'deleted' }, insert] }
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
      const del = `DELETE FROM ${t} WHERE ${q} >= (SELECT min(${q}) FROM ${staging}) AND ${q} <= (SELECT max(${q}) FROM ${staging})`
      return { checks: [], statements: [{ sql: del, params: [], count: 'deleted' }, insert] }
    }
    case 'upsert': {
      if (mode.keyColumns.length === 0) {
        throw new WarehouseError('WAREHOUSE_INVALID_DEFINITION', 'Upsert needs at least one key column')
      }
      const keys = mode.keyColumns.map((k) => quoteIdent(column(k, 'Key column').identifier))
      const match = keys.map((k) => `s.${k} = t.${k}`).join(' AND ')
      return {
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
        statements: [
          {
            sql: `DELETE FROM ${t} t WHERE EXISTS (SELECT 1 FROM ${staging} s WHERE ${match})`,
            params: [],
            count: 'updated',
          },
          insert,
        ],
      }
    }
    default:
      return assertUnreachable(mode)
  }
}
