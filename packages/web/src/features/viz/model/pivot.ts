import type { CellValue, ChartSpec, PivotAggregation } from '@vitrina/contracts'
import { columnIndex, toNumber, type VizResult } from './result'

interface Accumulator {
  sum: number
  count: number
  min: number
  max: number
}

function add(acc: Accumulator | undefined, v: number | null, countOnly: boolean): Accumulator {
  const a = acc ?? { sum: 0, count: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY }
  if (v === null && !countOnly) return a
  const n = v ?? 0
  return { sum: a.sum + n, count: a.count + 1, min: Math.min(a.min, n), max: Math.max(a.max, n) }
}

function finish(acc: Accumulator | undefined, aggregation: PivotAggregation): number | null {
  if (!acc || acc.count === 0) return aggregation === 'count' ? 0 : null
  switch (aggregation) {
    case 'sum':
      return acc.sum
    case 'count':
      return acc.count
    case 'avg':
      return acc.sum / acc.count
    case 'min':
      return acc.min
    case 'max':
      return acc.max
  }
}

export interface PivotColumn {
  /** Values of the column fields, [] for the grand-total column. */
  key: CellValue[]
  /** The value field shown in this column. */
  value: number
  total: boolean
}

export interface PivotRow {
  kind: 'row' | 'subtotal' | 'total'
  /** Values of the row fields; a subtotal row has the prefix it sums, the grand total []. */
  key: CellValue[]
  cells: (number | null)[]
}

export interface Pivot {
  rowFields: string[]
  columnFields: string[]
  valueFields: { column: string; aggregation: PivotAggregation }[]
  columns: PivotColumn[]
  rows: PivotRow[]
}

const SEP = '\u0000'
const keyOf = (values: CellValue[]) => values.map((v) => (v === null ? '∅' : String(v))).join(SEP)

function compare(a: CellValue[], b: CellValue[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] ?? null
    const y = b[i] ?? null
    if (x === y) continue
    if (x === null) return 1
    if (y === null) return -1
    const c =
      typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'ru')
    if (c !== 0) return c
  }
  return a.length - b.length
}

/**
 * Rows × columns × values with subtotals: every cell is aggregated from the raw rows (so an average of a
 * subtotal is the average of its rows, not of the averages). Subtotals follow each group of the first
 * row fields when there are two or more row fields; totals close the rows and the columns.
 */
export function computePivot(result: VizResult, spec: ChartSpec): Pivot {
  const rowFields = spec.pivot.rows.filter((f) => columnIndex(result, f) >= 0)
  const columnFields = spec.pivot.columns.filter((f) => columnIndex(result, f) >= 0)
  const valueFields = spec.pivot.values.filter((v) => columnIndex(result, v.column) >= 0)
  const ri = rowFields.map((f) => columnIndex(result, f))
  const ci = columnFields.map((f) => columnIndex(result, f))
  const vi = valueFields.map((v) => columnIndex(result, v.column))

  // cells[rowPrefixKey][columnKey][valueIndex]; a row prefix shorter than rowFields is a subtotal.
  const cells = new Map<string, Map<string, Accumulator[]>>()
  const rowKeys = new Map<string, CellValue[]>()
  const colKeys = new Map<string, CellValue[]>()
  for (const row of result.rows) {
    const rk = ri.map((i) => row[i] ?? null)
    const ck = ci.map((i) => row[i] ?? null)
    rowKeys.set(keyOf(rk), rk)
    colKeys.set(keyOf(ck), ck)
    for (let depth = 0; depth <= rk.length; depth++) {
      const prefix = keyOf(rk.slice(0, depth))
      const byColumn = cells.get(prefix) ?? new Map<string, Accumulator[]>()
      cells.set(prefix, byColumn)
      for (const colKey of [keyOf(ck), 'TOTAL']) {
        const accs = byColumn.get(colKey) ?? []
        valueFields.forEach((v, k) => {
          accs[k] = add(accs[k], toNumber(row[vi[k]!]), v.aggregation === 'count')
        })
        byColumn.set(colKey, accs)
      }
    }
  }

  const sortedCols = [...colKeys.values()].sort(compare)
  const columns: PivotColumn[] = []
  const valueIndexes = valueFields.map((_, value) => value)
  for (const key of sortedCols) for (const value of valueIndexes) columns.push({ key, value, total: false })
  if (spec.pivot.grandTotals && columnFields.length > 0) {
    for (const value of valueIndexes) columns.push({ key: [], value, total: true })
  }
  const cellsOf = (prefix: CellValue[]) =>
    columns.map((c) => {
      const accs = cells.get(keyOf(prefix))?.get(c.total ? 'TOTAL' : keyOf(c.key))
      return finish(accs?.[c.value], valueFields[c.value]!.aggregation)
    })

  const rows: PivotRow[] = []
  const sortedRows = [...rowKeys.values()].sort(compare)
  const subtotalDepth = spec.pivot.subtotals ? rowFields.length - 1 : 0
  sortedRows.forEach((key, index) => {
    rows.push({ kind: 'row', key, cells: cellsOf(key) })
    const next = sortedRows[index + 1]
    // Close every group that ends here, innermost first.
    for (let depth = subtotalDepth; depth >= 1; depth--) {
      const prefix = key.slice(0, depth)
      if (!next || keyOf(next.slice(0, depth)) !== keyOf(prefix)) {
        rows.push({ kind: 'subtotal', key: prefix, cells: cellsOf(prefix) })
      }
    }
  })
  if (spec.pivot.grandTotals && rowFields.length > 0)
    rows.push({ kind: 'total', key: [], cells: cellsOf([]) })
  return { rowFields, columnFields, valueFields, columns, rows }
}
