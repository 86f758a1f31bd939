import type { CellValue, ChartSpec } from '@vitrina/contracts'
import { columnIndex, columnRole, toDate, toNumber, type VizResult } from './result'

export interface Series {
  /** The metric column this series shows (its format applies). */
  metric: string
  /** The breakout value, or null when series are metrics. */
  group: CellValue
  values: (number | null)[]
}

export interface SeriesData {
  dimension: string | null
  /** Raw dimension values, one per category, after sorting. */
  categories: CellValue[]
  series: Series[]
}

function compareCells(a: CellValue, b: CellValue): number {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  const na = toNumber(a)
  const nb = toNumber(b)
  if (na !== null && nb !== null && typeof a !== 'string') return na - nb
  const da = typeof a === 'string' ? toDate(a) : null
  const db = typeof b === 'string' ? toDate(b) : null
  if (da && db && /^\d{4}-\d{2}-\d{2}/.test(String(a))) return da.getTime() - db.getTime()
  if (na !== null && nb !== null) return na - nb
  return String(a).localeCompare(String(b), 'ru')
}

/**
 * Categories and series of a cartesian chart. Without a breakout every metric is a series over the rows;
 * with one, the (first) metric is split into a series per breakout value and summed per category.
 */
export function extractSeries(result: VizResult, spec: ChartSpec): SeriesData {
  const d = columnIndex(result, spec.dimension)
  const dimValue = (row: readonly CellValue[], i: number): CellValue => (d >= 0 ? (row[d] ?? null) : i + 1)
  const metrics = spec.metrics.filter((m) => columnIndex(result, m) >= 0)
  const b = columnIndex(result, spec.breakout)
  let data: SeriesData

  if (b >= 0 && metrics.length > 0) {
    const m = columnIndex(result, metrics[0]!)
    const categoryIndex = new Map<CellValue, number>()
    const groupIndex = new Map<CellValue, number>()
    const categories: CellValue[] = []
    const series: Series[] = []
    result.rows.forEach((row, i) => {
      const cat = dimValue(row, i)
      const group = row[b] ?? null
      let ci = categoryIndex.get(cat)
      if (ci === undefined) {
        ci = categories.push(cat) - 1
        categoryIndex.set(cat, ci)
      }
      let gi = groupIndex.get(group)
      if (gi === undefined) {
        gi = series.push({ metric: metrics[0]!, group, values: [] }) - 1
        groupIndex.set(group, gi)
      }
      const v = toNumber(row[m])
      const values = series[gi]!.values
      values[ci] = v === null ? (values[ci] ?? null) : (values[ci] ?? 0) + v
    })
    for (const s of series) s.values = categories.map((_, i) => s.values[i] ?? null)
    data = { dimension: spec.dimension, categories, series }
  } else {
    data = {
      dimension: d >= 0 ? spec.dimension : null,
      categories: result.rows.map(dimValue),
      series: metrics.map((metric) => {
        const m = columnIndex(result, metric)
        return { metric, group: null, values: result.rows.map((row) => toNumber(row[m])) }
      }),
    }
  }
  return sortSeries(data, spec, result)
}

function sortSeries(data: SeriesData, spec: ChartSpec, result: VizResult): SeriesData {
  const { by, direction } = spec.sort
  const temporal = isTemporal(result, spec.dimension)
  // A time axis reads left to right even when the rows came unsorted.
  const effective = by === 'none' && temporal ? 'dimension' : by
  if (effective === 'none') return data
  const sign = direction === 'desc' && by !== 'none' ? -1 : 1
  const total = (i: number) => data.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0)
  const order = data.categories.map((_, i) => i)
  order.sort((i, j) =>
    effective === 'dimension'
      ? sign * compareCells(data.categories[i]!, data.categories[j]!)
      : sign * (total(i) - total(j)),
  )
  return {
    dimension: data.dimension,
    categories: order.map((i) => data.categories[i]!),
    series: data.series.map((s) => ({ ...s, values: order.map((i) => s.values[i] ?? null) })),
  }
}

function isTemporal(result: VizResult, name: string | null): boolean {
  const i = columnIndex(result, name)
  return i >= 0 && columnRole(result.columns[i]!.type) === 'temporal'
}

/** Each category's share of its stack, in percent (100 % stacking). */
export function toPercentOfTotal(series: Series[]): Series[] {
  const length = series[0]?.values.length ?? 0
  const totals = Array.from({ length }, (_, i) =>
    series.reduce((sum, s) => sum + Math.abs(s.values[i] ?? 0), 0),
  )
  return series.map((s) => ({
    ...s,
    values: s.values.map((v, i) => (v === null || totals[i] === 0 ? null : (v / totals[i]!) * 100)),
  }))
}
