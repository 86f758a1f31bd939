export const SALES = 'bench_sales'

/** The question every path runs: a group-by with a sum over the whole 1M-row table (5 groups). */
export const QUESTION_SQL = (schema: string) =>
  `SELECT region, count(*) AS orders, sum(amount) AS total FROM ${schema}.${SALES} GROUP BY region ORDER BY region`

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return Math.round((sorted[index] ?? Number.NaN) * 1000) / 1000
}
