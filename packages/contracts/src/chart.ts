import { z } from 'zod'

// ---------- chart spec ----------
// How a question's result is drawn. Stored with saved questions and dashboard cards, so every field has a
// default: an older or partial spec parses into a complete one (`parseChartSpec`), and unknown keys are dropped.

export const CHART_TYPES = [
  'table',
  'number',
  'trend',
  'bar',
  'line',
  'area',
  'combo',
  'pie',
  'scatter',
  'funnel',
  'pivot',
  'gauge',
  'progress',
  'waterfall',
] as const
export const chartTypeSchema = z.enum(CHART_TYPES)
export type ChartType = z.infer<typeof chartTypeSchema>

const columnName = z.string().min(1).max(200)
/** #rgb or #rrggbb; ECharts and CSS both accept it. */
export const colorSchema = z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'a colour like #1c7ed6')

export const NUMBER_STYLES = ['number', 'currency', 'percent'] as const
export const numberFormatSchema = z.object({
  style: z.enum(NUMBER_STYLES).default('number'),
  /** ISO 4217; ₽ by default. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('RUB'),
  /** Fixed number of decimals, or null for "as many as needed, up to 2". */
  decimals: z.number().int().min(0).max(10).nullable().default(null),
  /** 1,2 млн instead of 1 234 567. */
  compact: z.boolean().default(false),
  prefix: z.string().max(20).default(''),
  suffix: z.string().max(20).default(''),
})
export type NumberFormat = z.infer<typeof numberFormatSchema>

export const DATE_FORMAT_UNITS = ['auto', 'day', 'week', 'month', 'quarter', 'year', 'datetime'] as const
export const dateFormatSchema = z.object({ unit: z.enum(DATE_FORMAT_UNITS).default('auto') })
export type DateFormat = z.infer<typeof dateFormatSchema>

/** Per-column display settings, used by tables, tooltips, axes and labels. */
export const columnSettingsSchema = z.object({
  label: z.string().max(200).nullable().default(null),
  number: numberFormatSchema.prefault({}),
  date: dateFormatSchema.prefault({}),
})
export type ColumnSettings = z.infer<typeof columnSettingsSchema>

export const SERIES_KINDS = ['bar', 'line', 'area'] as const
/** Per-metric series settings (keyed by the metric column). */
export const seriesSettingsSchema = z.object({
  color: colorSchema.nullable().default(null),
  /** Combo charts: how this series is drawn. */
  kind: z.enum(SERIES_KINDS).default('bar'),
  /** Combo charts: the left or the right value axis. */
  axis: z.enum(['left', 'right']).default('left'),
})
export type SeriesSettings = z.infer<typeof seriesSettingsSchema>

export const axisSettingsSchema = z.object({
  show: z.boolean().default(true),
  title: z.string().max(200).nullable().default(null),
  min: z.number().nullable().default(null),
  max: z.number().nullable().default(null),
})
export type AxisSettings = z.infer<typeof axisSettingsSchema>

export const goalLineSchema = z.object({
  value: z.number(),
  label: z.string().max(200).default(''),
  color: colorSchema.default('#e03131'),
})
export type GoalLine = z.infer<typeof goalLineSchema>

export const COMPARISON_OPERATORS = ['>', '>=', '<', '<=', '=', '!='] as const
/** Table conditional formatting: a fixed colour where a rule holds, or a colour scale over a column. */
export const conditionalRuleSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('value'),
    column: columnName,
    operator: z.enum(COMPARISON_OPERATORS),
    value: z.union([z.number(), z.string()]),
    background: colorSchema,
    /** Colour the whole row rather than the one cell. */
    wholeRow: z.boolean().default(false),
  }),
  z.object({
    kind: z.literal('scale'),
    column: columnName,
    from: colorSchema.default('#ffffff'),
    to: colorSchema.default('#40c057'),
  }),
])
export type ConditionalRule = z.infer<typeof conditionalRuleSchema>

export const PIVOT_AGGREGATIONS = ['sum', 'count', 'avg', 'min', 'max'] as const
export type PivotAggregation = (typeof PIVOT_AGGREGATIONS)[number]
export const pivotValueSchema = z.object({
  column: columnName,
  aggregation: z.enum(PIVOT_AGGREGATIONS).default('sum'),
})
export type PivotValue = z.infer<typeof pivotValueSchema>

export const chartSpecSchema = z.object({
  type: chartTypeSchema.default('table'),
  /** The x axis / category / slice / stage column. */
  dimension: columnName.nullable().default(null),
  /** A second category split into one series per value (long results, e.g. month × region × sum). */
  breakout: columnName.nullable().default(null),
  /** The value columns; one series each. */
  metrics: z.array(columnName).max(20).default([]),
  series: z.record(columnName, seriesSettingsSchema).default({}),
  columns: z.record(columnName, columnSettingsSchema).default({}),
  /** Bar, column and area stacking; 'percent' is stacked to 100 %. */
  stacking: z.enum(['none', 'stacked', 'percent']).default('none'),
  /** 'vertical' = columns, 'horizontal' = bars. */
  orientation: z.enum(['vertical', 'horizontal']).default('vertical'),
  showLabels: z.boolean().default(false),
  showLegend: z.boolean().default(true),
  xAxis: axisSettingsSchema.prefault({}),
  yAxis: axisSettingsSchema.prefault({}),
  /** Combo: the right-hand axis. */
  y2Axis: axisSettingsSchema.prefault({}),
  sort: z
    .object({
      by: z.enum(['none', 'dimension', 'metric']).default('none'),
      direction: z.enum(['asc', 'desc']).default('asc'),
    })
    .prefault({}),
  goals: z.array(goalLineSchema).max(10).default([]),
  /** Replaces the default palette, in series order. */
  palette: z.array(colorSchema).max(30).default([]),
  table: z
    .object({
      totals: z.boolean().default(false),
      rules: z.array(conditionalRuleSchema).max(50).default([]),
      /** Columns to hide; every other result column is shown in result order. */
      hidden: z.array(columnName).default([]),
    })
    .prefault({}),
  /** Number and trend: compare the last value with the one before it (the previous period). */
  kpi: z
    .object({
      comparison: z.enum(['none', 'previous_row']).default('previous_row'),
      /** Whether a rise is good (green) or bad (red, e.g. costs). */
      upIsGood: z.boolean().default(true),
    })
    .prefault({}),
  pie: z.object({ donut: z.boolean().default(false) }).prefault({}),
  /** Bubble size column of a scatter chart. */
  scatter: z.object({ sizeColumn: columnName.nullable().default(null) }).prefault({}),
  pivot: z
    .object({
      rows: z.array(columnName).max(5).default([]),
      columns: z.array(columnName).max(3).default([]),
      values: z.array(pivotValueSchema).max(10).default([]),
      subtotals: z.boolean().default(true),
      grandTotals: z.boolean().default(true),
    })
    .prefault({}),
  /** Gauge and progress: the range and the target; progress uses the first goal line when max is null. */
  gauge: z
    .object({
      min: z.number().default(0),
      max: z.number().nullable().default(null),
    })
    .prefault({}),
  waterfall: z.object({ showTotal: z.boolean().default(true) }).prefault({}),
})
export type ChartSpec = z.infer<typeof chartSpecSchema>
export type ChartSpecInput = z.input<typeof chartSpecSchema>

/** A complete spec from a partial or stored one; throws a ZodError naming the bad field. */
export function parseChartSpec(input: unknown): ChartSpec {
  return chartSpecSchema.parse(input ?? {})
}

/** A complete spec of one type with every other setting at its default. */
export function defaultChartSpec(type: ChartType = 'table'): ChartSpec {
  return chartSpecSchema.parse({ type })
}
