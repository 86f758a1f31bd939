import { z } from 'zod'
import { chartSpecSchema } from './chart'
import { collectionAccessSchema } from './questions'

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
 */

export const DASHBOARD_ERROR_CODES = ['DASHBOARD_INVALID_LAYOUT', 'DASHBOARD_QUESTION_NOT_FOUND'] as const
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

export const DASHBOARD_FILTER_TYPES = ['text', 'number', 'date'] as const

/**
 * A filter sets native `{{variables}}` of question cards: every target is a card and the variable it fills.
 * An empty value leaves the question's own default (and drops its optional `[[ ... ]]` section).
 */
export const dashboardFilterSchema = z.object({
  id: itemId,
  name: z.string().trim().min(1).max(100),
  type: z.enum(DASHBOARD_FILTER_TYPES),
  default: z
    .union([z.string().max(1000), z.number()])
    .nullable()
    .default(null),
  targets: z
    .array(z.object({ cardId: itemId, variable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }))
    .max(100)
    .default([]),
})
export type DashboardFilter = z.infer<typeof dashboardFilterSchema>

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
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type ApiDashboard = z.infer<typeof apiDashboardSchema>

export const apiDashboardSummarySchema = apiDashboardSchema
  .pick({ id: true, name: true, description: true, collectionId: true, access: true, updatedAt: true })
  .extend({ cardCount: z.number() })
export type ApiDashboardSummary = z.infer<typeof apiDashboardSummarySchema>

export const dashboardListQuerySchema = z.object({
  collectionId: z.string().max(100).optional(),
  search: z.string().max(200).optional(),
})
