import type { DatasetColumn, RowFilter, RowsQuery } from '@vitrina/contracts'
import { parseCell } from '@vitrina/ingest'
import { AppError, assertUnreachable } from '../../http/errors'
import type { CompiledQuery, WarehouseDialect } from '../../warehouse'
import { BATCH_COLUMN } from '../../warehouse'
import { quoteIdent, quoteTable, sqlType } from '../../warehouse/sql'

/** Names of the two system columns every grid row carries first. */
export const ROW_ID = '_row_id'

/**
 * Builds the grid's SQL for one dataset table. Row identity is the engine's physical row id (DuckDB `rowid`,
 * PostgreSQL `ctid`): a table needs no extra column, and every write also checks the row's values, so a
 * token that now points at another row matches nothing. Values are always bind parameters cast to the
 * column type; identifiers come from the dataset schema and are quoted.
 */
export class RowsSql {
  private readonly params: string[] = []

  /**
   * `physical`: a warehouse table, whose rows have an engine row id and a batch column. A linked table or view
   * has neither: its grid rows carry no id (they are read-only) and pages are ordered by every column.
   */
  constructor(
    private readonly dialect: WarehouseDialect,
    private readonly table: { schema: string; name: string },
    private readonly columns: DatasetColumn[],
    private readonly physical = true,
  ) {}

  get rowIdExpr(): string {
    if (!this.physical) return 'NULL'
    return this.dialect === 'duckdb' ? 'CAST(rowid AS VARCHAR)' : 'ctid::text'
  }

  column(identifier: string): DatasetColumn {
    const c = this.columns.find((col) => col.identifier === identifier)
    if (!c) throw new AppError(400, 'DATASET_COLUMN_UNKNOWN', `The dataset has no column "${identifier}"`)
    return c
  }

  /** A bound parameter cast to the column's SQL type. */
  param(value: string | number | boolean, type: DatasetColumn['type'] | 'text'): string {
    this.params.push(String(value))
    return `CAST($${this.params.length} AS ${sqlType(this.dialect, type)})`
  }

  private rawParam(value: string): string {
    this.params.push(value)
    return `$${this.params.length}`
  }

  /** A user-typed value ("31.12.2025", "1 234,56", "да") as the column's value; 400 when it does not parse. */
  typed(c: DatasetColumn, value: string | number | boolean | null): string | number | boolean | null {
    const r = parseCell(c.type, value)
    if (!r.ok) {
      throw new AppError(
        400,
        'DATASET_INVALID_VALUE',
        `"${String(value)}" is not a valid ${c.type} for "${c.displayName}"`,
        {
          column: c.identifier,
          value,
          reason: r.reason,
        },
      )
    }
    return r.value
  }

  /** DuckDB cannot return `rowid` from INSERT/UPDATE ... RETURNING: the caller fills it in (see rows.service). */
  selectList(returning = false): string {
    const id = returning && this.dialect === 'duckdb' ? 'NULL' : this.rowIdExpr
    return [
      `${id} AS ${quoteIdent(ROW_ID)}`,
      this.physical ? quoteIdent(BATCH_COLUMN) : `NULL AS ${quoteIdent(BATCH_COLUMN)}`,
      ...this.columns.map((c) => quoteIdent(c.identifier)),
    ].join(', ')
  }

  /** `row id = token` plus every expected value (the row as the client last saw it). */
  guard(rowId: string | null, expected: Record<string, string | number | boolean | null>): string {
    const parts: string[] = []
    if (rowId !== null) {
      parts.push(
        this.dialect === 'duckdb'
          ? `rowid = CAST(${this.rawParam(/^\d+$/.test(rowId) ? rowId : '-1')} AS BIGINT)`
          : `ctid = CAST(${this.rawParam(/^\(\d+,\d+\)$/.test(rowId) ? rowId : '(0,0)')} AS tid)`,
      )
    }
    for (const [k, v] of Object.entries(expected)) {
      const c = this.column(k)
      parts.push(
        v === null
          ? `${quoteIdent(k)} IS NULL`
          : `${quoteIdent(k)} IS NOT DISTINCT FROM ${this.param(v, c.type)}`,
      )
    }
    return parts.length > 0 ? parts.join(' AND ') : 'TRUE'
  }

  private filter(f: Required<RowFilter>): string {
    const c = this.column(f.column)
    const col = quoteIdent(c.identifier)
    const value = () => {
      const v = this.typed(c, f.value)
      if (v === null)
        throw new AppError(
          400,
          'DATASET_INVALID_VALUE',
          `Filter "${f.op}" on "${c.displayName}" needs a value`,
        )
      return this.param(v, c.type)
    }
    const like = (pattern: string) => `CAST(${col} AS TEXT) ILIKE ${this.rawParam(pattern)} ESCAPE '\\'`
    const escaped = () => String(f.value ?? '').replace(/[\\%_]/g, (m) => `\\${m}`)
    switch (f.op) {
      case 'eq':
        return `${col} = ${value()}`
      case 'neq':
        return `(${col} IS NULL OR ${col} <> ${value()})`
      case 'lt':
        return `${col} < ${value()}`
      case 'lte':
        return `${col} <= ${value()}`
      case 'gt':
        return `${col} > ${value()}`
      case 'gte':
        return `${col} >= ${value()}`
      case 'contains':
        return like(`%${escaped()}%`)
      case 'starts_with':
        return like(`${escaped()}%`)
      case 'is_null':
        return `${col} IS NULL`
      case 'not_null':
        return `${col} IS NOT NULL`
      case 'in': {
        const list = f.values.map((v) => this.typed(c, v)).filter((v) => v !== null)
        if (list.length === 0) return 'FALSE'
        return `${col} IN (${list.map((v) => this.param(v, c.type)).join(', ')})`
      }
      default:
        return assertUnreachable(f.op)
    }
  }

  where(q: Required<Pick<RowsQuery, 'filters' | 'search' | 'batchId'>>): string {
    const parts = (q.filters as Required<RowFilter>[]).map((f) => this.filter(f))
    const search = q.search.trim()
    if (search !== '') {
      const p = this.rawParam(`%${search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`)
      parts.push(
        `(${this.columns.map((c) => `CAST(${quoteIdent(c.identifier)} AS TEXT) ILIKE ${p} ESCAPE '\\'`).join(' OR ')})`,
      )
    }
    if (q.batchId && this.physical) parts.push(`${quoteIdent(BATCH_COLUMN)} = ${this.rawParam(q.batchId)}`)
    return parts.length > 0 ? ` WHERE ${parts.join(' AND ')}` : ''
  }

  orderBy(sort: NonNullable<RowsQuery['sort']>): string {
    const parts = sort
      .filter((s) => this.physical || s.column !== BATCH_COLUMN)
      .map((s) => {
        const name = s.column === BATCH_COLUMN ? BATCH_COLUMN : this.column(s.column).identifier
        return `${quoteIdent(name)} ${s.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`
      })
    // A stable order for paging: the row id, or (no id) every column.
    if (this.physical) parts.push(this.dialect === 'duckdb' ? 'rowid' : 'ctid')
    else parts.push(...this.columns.map((c) => `${quoteIdent(c.identifier)} NULLS LAST`))
    return ` ORDER BY ${parts.join(', ')}`
  }

  get from(): string {
    return quoteTable(this.table)
  }

  compile(sql: string): CompiledQuery {
    return { sql, params: [...this.params] }
  }
}
