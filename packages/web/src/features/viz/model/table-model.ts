import type { CellValue, ChartSpec, ConditionalRule } from '@vitrina/contracts'
import { columnIndex, columnRole, toNumber, type VizResult } from './result'

/** Column totals of the numeric columns (null for the others). */
export function columnTotals(result: VizResult): (number | null)[] {
  return result.columns.map((c, i) => {
    if (columnRole(c.type) !== 'numeric') return null
    let sum = 0
    for (const row of result.rows) sum += toNumber(row[i]) ?? 0
    return sum
  })
}

function holds(rule: Extract<ConditionalRule, { kind: 'value' }>, value: CellValue): boolean {
  if (value === null) return false
  const n = toNumber(value)
  const target = typeof rule.value === 'number' ? rule.value : toNumber(rule.value)
  const numeric = n !== null && target !== null && typeof value !== 'boolean'
  const a = numeric ? n : String(value)
  const b = numeric ? target : String(rule.value)
  switch (rule.operator) {
    case '>':
      return a > b
    case '>=':
      return a >= b
    case '<':
      return a < b
    case '<=':
      return a <= b
    case '=':
      return a === b
    case '!=':
      return a !== b
  }
}

function mix(from: string, to: string, t: number): string {
  const rgb = (hex: string) => {
    const h = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join('') : hex.slice(1)
    return [0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16))
  }
  const a = rgb(from)
  const b = rgb(to)
  return `#${a
    .map((x, i) =>
      Math.round(x + (b[i]! - x) * t)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`
}

/**
 * Background colours of every cell from the table's conditional rules: `backgrounds[row][column]` or null.
 * Rules apply in order and a later rule wins; a scale spreads its colours between the column's min and max.
 */
export function cellBackgrounds(result: VizResult, spec: ChartSpec): (string | null)[][] {
  const out = result.rows.map(() => result.columns.map((): string | null => null))
  for (const rule of spec.table.rules) {
    const c = columnIndex(result, rule.column)
    if (c < 0) continue
    if (rule.kind === 'scale') {
      const values = result.rows.map((r) => toNumber(r[c]))
      const present = values.filter((v): v is number => v !== null)
      const min = Math.min(...present)
      const max = Math.max(...present)
      values.forEach((v, r) => {
        if (v !== null) out[r]![c] = mix(rule.from, rule.to, max === min ? 1 : (v - min) / (max - min))
      })
    } else {
      result.rows.forEach((row, r) => {
        if (!holds(rule, row[c] ?? null)) return
        if (rule.wholeRow) out[r] = out[r]!.map(() => rule.background)
        else out[r]![c] = rule.background
      })
    }
  }
  return out
}
