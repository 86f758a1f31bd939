import { z } from 'zod'
import { chartSpecSchema } from './chart'
import { dateUnitSchema, querySchema, tableRefSchema } from './query'
import { exportFormatSchema, queryRunResultSchema, runIdSchema } from './query-run'
import { collectionAccessSchema, questionVariableSchema, visualizationSettingsSchema } from './questions'

/**
 * Dashboards: tabs of cards on a 12-column grid. A card shows a saved question (its chart, or an override
 * of it), markdown text, a heading or a link. Dashboards live in collections, as questions do. API:
 *
 * | method | path | access | body → answer |
 * |---|---|---|---|
 * | GET | /api/dashboards | viewer (collections they can view) | → `{ dashboards: ApiDashboardSummary[] }` |
 * | GET | /api/dashboards/:id | viewer (view on the collection) | → `ApiDashboard` |
 * | POST | /api/dashboards | analyst (edit on the collection) | `DashboardBody` → `ApiDashboard` (201) |
 * | PUT | /api/dashboards/:id | analyst (edit on the collection) | `DashboardBody` → `ApiDashboard` |
 * | DELETE | /api/dashboards/:id | analyst (edit on the collection) | → 204 |
 * | POST | /api/dashboards/:id/cards/:cardId/run | viewer (view on dashboard and question, + source) | `DashboardCardRunBody` → `QueryRunResult` |
 * | POST | /api/dashboards/:id/cards/:cardId/export | same | `DashboardCardExportBody` → streamed .csv / .xlsx |
 * | POST | /api/dashboards/:id/cards/:cardId/rows | same | `DashboardCardRowsBody` → `DashboardCardRows` (builder cards) |
 * | POST | /api/dashboards/:id/filters/:filterId/values | viewer (view, + `query` on the field's source) | `DashboardFilterValuesBody` → `DashboardFilterValues` |
 *
 * Card runs apply the dashboard's filters on the server: the client sends filter values, never SQL.
 */

export const DASHBOARD_ERROR_CODES = [
  'DASHBOARD_INVALID_LAYOUT',
  'DASHBOARD_QUESTION_NOT_FOUND',
  'DASHBOARD_FILTER_INVALID',
  'DASHBOARD_FILTER_VALUE_INVALID',
  'DASHBOARD_ROWS_UNAVAILABLE',
] as const
export type DashboardErrorCode = (typeof DASHBOARD_ERROR_CODES)[number]

export const DASHBOARD_AUDIT_ACTIONS = [
  'dashboard.created',
  'dashboard.updated',
  'dashboard.deleted',
] as const

export const DASHBOARD_GRID_COLUMNS = 12
export const MAX_DASHBOARD_CARDS = 100

const itemId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '1–64 letters, digits, _ or -')

/** Position and size in grid cells: 12 columns across, rows of a fixed height. */
export const cardLayoutSchema = z
  .object({
    x: z
      .number()
      .int()
      .min(0)
      .max(DASHBOARD_GRID_COLUMNS - 1),
    y: z.number().int().min(0).max(10_000),
    w: z.number().int().min(1).max(DASHBOARD_GRID_COLUMNS),
    h: z.number().int().min(1).max(60),
  })
  .refine((l) => l.x + l.w <= DASHBOARD_GRID_COLUMNS, 'the card runs past the right edge of the grid')
export type CardLayout = z.infer<typeof cardLayoutSchema>

const cardBase = { id: itemId, tabId: itemId, layout: cardLayoutSchema }

export const dashboardCardSchema = z.discriminatedUnion('kind', [
  z.object({
    ...cardBase,
    kind: z.literal('question'),
    questionId: z.string().min(1).max(100),
    /** Shown instead of the question's name. */
    title: z.string().max(200).nullable().default(null),
    /** Replaces the question's own chart on this card only. */
    visualization: chartSpecSchema.nullable().default(null),
  }),
  z.object({ ...cardBase, kind: z.literal('text'), text: z.string().max(20_000) }),
  z.object({ ...cardBase, kind: z.literal('heading'), text: z.string().max(200) }),
  z.object({
    ...cardBase,
    kind: z.literal('link'),
    text: z.string().max(200),
    url: z
      .string()
      .max(2000)
      .regex(/^(https?:\/\/|\/)/, 'an http(s) address or a path in Vitrina'),
  }),
])
export type DashboardCard = z.infer<typeof dashboardCardSchema>
export type DashboardCardInput = z.input<typeof dashboardCardSchema>

export const dashboardTabSchema = z.object({ id: itemId, name: z.string().trim().min(1).max(100) })
export type DashboardTab = z.infer<typeof dashboardTabSchema>

export const DASHBOARD_FILTER_TYPES = ['text', 'number', 'number-range', 'date', 'date-range'] as const
export type DashboardFilterType = (typeof DASHBOARD_FILTER_TYPES)[number]

/**
 * Relative periods of a date-range filter, resolved to dates on the server when a card runs (so the cache
 * never serves yesterday's "last 7 days"). `last-N-days` ends today, inclusive.
 */
export const DATE_RANGE_PRESETS = [
  'today',
  'yesterday',
  'last-7-days',
  'last-30-days',
  'last-90-days',
  'this-week',
  'this-month',
  'previous-month',
  'this-quarter',
  'this-year',
  'previous-year',
] as const
export type DateRangePreset = (typeof DATE_RANGE_PRESETS)[number]

const filterScalar = z.union([z.string().max(1000), z.number().refine(Number.isFinite, 'must be finite')])

/**
 * A filter's value, by type: `text` a string or a list of them (the category's chosen values), `number` a
 * number, `date` a `YYYY-MM-DD`, `number-range` / `date-range` `{ from, to }` (either end may be null),
 * `date-range` also `{ preset }`. The server checks the value against the filter's type.
 */
export const dashboardFilterValueSchema = z.union([
  filterScalar,
  z.array(filterScalar).max(1000),
  z.strictObject({ from: filterScalar.nullable(), to: filterScalar.nullable() }),
  z.strictObject({ preset: z.enum(DATE_RANGE_PRESETS) }),
])
export type DashboardFilterValue = z.infer<typeof dashboardFilterValueSchema>

/** A column of a table of a source: what a filter is about (value list, wiring, cross-filtering). */
export const dashboardFilterFieldSchema = z.object({
  sourceId: z.string().min(1).max(100),
  schema: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  column: z.string().min(1).max(200),
})
export type DashboardFilterField = z.infer<typeof dashboardFilterFieldSchema>

const variableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)

/**
 * Where a filter applies on one card: a native `{{variable}}` (range filters fill `variable` with the start
 * and `variableTo` with the end; a field-filter variable takes the whole range in `variable`), or a field of
 * a builder question (`table`: null for its source table, else a join alias), where the server ANDs a
 * condition into the query. Exactly one of `variable` and `field`.
 */
export const dashboardFilterTargetSchema = z
  .object({
    cardId: itemId,
    variable: variableName.nullable().default(null),
    variableTo: variableName.nullable().default(null),
    field: z
      .object({ table: z.string().min(1).max(200).nullable(), column: z.string().min(1).max(200) })
      .nullable()
      .default(null),
  })
  .refine((t) => (t.variable === null) !== (t.field === null), 'a target is either a variable or a field')
  .refine((t) => t.variableTo === null || t.variable !== null, 'variableTo needs variable')
export type DashboardFilterTarget = z.infer<typeof dashboardFilterTargetSchema>

/**
 * A dashboard filter. `field` is the column it is about: its distinct values fill a category's list, and a
 * click on a bar of that column sets it. `linkedFilterIds`: filters whose current values restrict this
 * one's value list (both about the same table). Checked on save (`DASHBOARD_FILTER_INVALID`).
 */
export const dashboardFilterSchema = z.object({
  id: itemId,
  name: z.string().trim().min(1).max(100),
  type: z.enum(DASHBOARD_FILTER_TYPES),
  default: dashboardFilterValueSchema.nullable().default(null),
  field: dashboardFilterFieldSchema.nullable().default(null),
  linkedFilterIds: z.array(itemId).max(10).default([]),
  targets: z.array(dashboardFilterTargetSchema).max(100).default([]),
})
export type DashboardFilter = z.infer<typeof dashboardFilterSchema>
export type DashboardFilterInput = z.input<typeof dashboardFilterSchema>

export const dashboardBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).default(''),
  collectionId: z.string().min(1).max(100),
  tabs: z
    .array(dashboardTabSchema)
    .min(1)
    .max(20)
    .default([{ id: 'main', name: 'Main' }]),
  cards: z.array(dashboardCardSchema).max(MAX_DASHBOARD_CARDS).default([]),
  filters: z.array(dashboardFilterSchema).max(20).default([]),
  /** Reload every card this often; null = only on open. */
  refreshSeconds: z.number().int().min(10).max(86_400).nullable().default(null),
})
export type DashboardBody = z.input<typeof dashboardBodySchema>

/**
 * What a question card needs to draw and to be wired, sent with the dashboard so no card fetches its
 * question. Builder questions list the tables they read (`alias` null = the source table) and the result
 * columns that come from a group-by (`dimensions`), so filters can be wired and clicks understood.
 */
export const apiDashboardQuestionSchema = z.object({
  id: z.string(),
  name: z.string(),
  sourceId: z.string(),
  kind: z.enum(['native', 'builder']),
  visualization: visualizationSettingsSchema,
  variables: z.array(questionVariableSchema),
  tables: z.array(tableRefSchema.extend({ alias: z.string().nullable() })),
  dimensions: z.array(
    z.object({
      column: z.string(),
      field: z.object({ table: z.string().nullable(), column: z.string() }),
      bucket: dateUnitSchema.nullable(),
    }),
  ),
  updatedAt: z.string(),
})
export type ApiDashboardQuestion = z.infer<typeof apiDashboardQuestionSchema>

export const apiDashboardSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  collectionId: z.string(),
  tabs: z.array(dashboardTabSchema),
  cards: z.array(dashboardCardSchema),
  filters: z.array(dashboardFilterSchema),
  refreshSeconds: z.number().nullable(),
  /** The caller's access through the collection. */
  access: collectionAccessSchema,
  /** The questions of its cards that the caller may view (a card whose question is missing shows an error). */
  questions: z.array(apiDashboardQuestionSchema),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type ApiDashboard = z.infer<typeof apiDashboardSchema>

/**
 * A click on a bar, point or slice of a builder card, applied to every builder card that reads the same
 * table (its column must be a dimension of a card on the dashboard). `bucket`: the clicked value is the
 * start of that date period.
 */
export const dashboardCrossFilterSchema = z.object({
  field: dashboardFilterFieldSchema,
  value: z.union([z.string().max(1000), z.number(), z.boolean()]),
  bucket: dateUnitSchema.nullable().default(null),
})
export type DashboardCrossFilter = z.infer<typeof dashboardCrossFilterSchema>

/** Filter values by filter id: a missing id takes the filter's default, null clears it. */
export const dashboardFilterValuesMapSchema = z
  .record(itemId, dashboardFilterValueSchema.nullable())
  .default({})

export const dashboardCardRunBodySchema = z.object({
  filters: dashboardFilterValuesMapSchema,
  crossFilters: z.array(dashboardCrossFilterSchema).max(10).default([]),
  /** Bypass the cache (the fresh result is stored again). */
  refresh: z.boolean().default(false),
  runId: runIdSchema.optional(),
})
export type DashboardCardRunBody = z.input<typeof dashboardCardRunBodySchema>

/** `GET …/cards/cached`: the results the cache already holds for one tab's cards, under the filters' defaults. */
export const dashboardCachedCardsQuerySchema = z.object({ tab: itemId.optional() })
export const dashboardCachedCardsSchema = z.object({ cards: z.record(itemId, queryRunResultSchema) })
export type DashboardCachedCards = z.infer<typeof dashboardCachedCardsSchema>

export const dashboardCardExportBodySchema = dashboardCardRunBodySchema
  .pick({ filters: true, crossFilters: true })
  .extend({
    format: exportFormatSchema,
    fileName: z
      .string()
      .trim()
      .max(200)
      .regex(/^[\p{L}\p{N} ._()-]*$/u, 'letters, digits, spaces and . _ ( ) - only')
      .optional(),
  })
export type DashboardCardExportBody = z.input<typeof dashboardCardExportBodySchema>

/** Click-through: the rows behind a builder card (its filters and the dashboard's), or behind one clicked value. */
export const dashboardCardRowsBodySchema = dashboardCardRunBodySchema
  .pick({ filters: true, crossFilters: true })
  .extend({
    selection: z
      .object({
        column: z.string().min(1).max(300),
        value: z.union([z.string().max(1000), z.number(), z.boolean()]).nullable(),
      })
      .nullable()
      .default(null),
  })
export type DashboardCardRowsBody = z.input<typeof dashboardCardRowsBodySchema>

/** At most this many rows behind a click are shown. */
export const DASHBOARD_ROWS_LIMIT = 2000

export const dashboardCardRowsSchema = queryRunResultSchema.extend({
  /** The raw-rows query that ran, to open in the question editor. */
  sourceId: z.string(),
  query: querySchema,
})
export type DashboardCardRows = z.infer<typeof dashboardCardRowsSchema>

export const dashboardFilterValuesBodySchema = z.object({
  /** Current values of the other filters (linked filters restrict the list). */
  filters: dashboardFilterValuesMapSchema,
  search: z.string().trim().max(200).default(''),
})
export type DashboardFilterValuesBody = z.input<typeof dashboardFilterValuesBodySchema>

/** At most this many distinct values are offered; `truncated` says there are more (search narrows them). */
export const DASHBOARD_FILTER_VALUES_LIMIT = 500

export const dashboardFilterValuesSchema = z.object({
  values: z.array(z.union([z.string(), z.number(), z.boolean()])),
  truncated: z.boolean(),
})
export type DashboardFilterValues = z.infer<typeof dashboardFilterValuesSchema>

export const apiDashboardSummarySchema = apiDashboardSchema
  .pick({ id: true, name: true, description: true, collectionId: true, access: true, updatedAt: true })
  .extend({ cardCount: z.number() })
export type ApiDashboardSummary = z.infer<typeof apiDashboardSummarySchema>

export const dashboardListQuerySchema = z.object({
  collectionId: z.string().max(100).optional(),
  search: z.string().max(200).optional(),
})
