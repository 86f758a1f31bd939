import { z } from 'zod'
import { apiDashboardSchema, dashboardCardRunBodySchema, dashboardFilterValueSchema } from './dashboard'
import { queryRunResultSchema } from './query-run'

/**
 * Sharing a dashboard outside Vitrina: public links and signed embedding tokens. API:
 *
 * | method | path | access | body → answer |
 * |---|---|---|---|
 * | GET | /api/dashboards/:id/shares | analyst (edit on the dashboard) | → `{ shares: ApiShare[] }` |
 * | POST | /api/dashboards/:id/shares | analyst (edit on the dashboard) | `CreateShareBody` → 201 `CreatedShare` (the only answer with the token) |
 * | DELETE | /api/dashboards/:id/shares/:shareId | analyst (edit on the dashboard) | → `{ share }` (revoked) |
 * | GET | /api/public/dashboards/:token | public | → `PublicDashboard` |
 * | POST | /api/public/dashboards/:token/cards/:cardId/run | public | `PublicCardRunBody` → `PublicCardResult` |
 * | GET | /api/embed/dashboards/:jwt | public | → `PublicDashboard` |
 * | POST | /api/embed/dashboards/:jwt/cards/:cardId/run | public | `PublicCardRunBody` → `PublicCardResult` |
 * | GET | /api/admin/embedding | admin | → `EmbeddingSettings` (the secret, for the embedding site's backend) |
 * | POST | /api/admin/embedding/secret | admin | → `EmbeddingSettings` with a new secret (old tokens stop working) |
 *
 * A link or embed runs its cards as the user who created the link (embeds: the admin who set the
 * embedding secret), with the locked filter values overriding whatever the viewer sends.
 */

export const SHARE_ERROR_CODES = [
  'SHARE_NOT_FOUND',
  'SHARE_REVOKED',
  'SHARE_EXPIRED',
  'SHARE_UNAVAILABLE',
  'SHARE_FILTER_UNKNOWN',
  'EMBED_DISABLED',
  'EMBED_TOKEN_INVALID',
  'EMBED_TOKEN_EXPIRED',
] as const
export type ShareErrorCode = (typeof SHARE_ERROR_CODES)[number]

export const SHARE_AUDIT_ACTIONS = ['share.created', 'share.revoked', 'embedding.secret_rotated'] as const

/** Browser paths of the read-only pages. */
export const PUBLIC_DASHBOARD_PATH = '/public/d/'
export const EMBED_DASHBOARD_PATH = '/embed/d/'

/** Filter values fixed by the link: the viewer sees them but cannot change them. */
export const lockedFiltersSchema = z
  .record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), dashboardFilterValueSchema)
  .refine((v) => Object.keys(v).length <= 20, 'at most 20 locked filters')
export type LockedFilters = z.infer<typeof lockedFiltersSchema>

export const createShareBodySchema = z.object({
  /** A note for the editors' list ("для сайта", "для партнёра"). */
  label: z.string().trim().max(100).default(''),
  lockedFilters: lockedFiltersSchema.default({}),
  /** When the link stops working; null = until revoked. */
  expiresAt: z.iso
    .datetime({ offset: true })
    .nullable()
    .default(null)
    .refine((v) => v === null || Date.parse(v) > Date.now(), 'the expiry must be in the future'),
})
export type CreateShareBody = z.input<typeof createShareBodySchema>

export const SHARE_STATUSES = ['active', 'expired', 'revoked'] as const

export const apiShareSchema = z.object({
  id: z.string(),
  dashboardId: z.string(),
  label: z.string(),
  /** The first characters of the token; the token itself is shown once, when the link is created. */
  hint: z.string(),
  lockedFilters: lockedFiltersSchema,
  status: z.enum(SHARE_STATUSES),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
})
export type ApiShare = z.infer<typeof apiShareSchema>

export const createdShareSchema = z.object({
  share: apiShareSchema,
  token: z.string(),
  /** `/public/d/<token>`: prefix it with the address users reach Vitrina at. */
  path: z.string(),
})
export type CreatedShare = z.infer<typeof createdShareSchema>

/**
 * What the read-only pages draw: the dashboard's layout, filters and the render-only view of its questions
 * (`ApiDashboardQuestion`: name, chart, wiring; never SQL), without ids of collections or people.
 */
export const publicDashboardSchema = apiDashboardSchema
  .pick({
    name: true,
    description: true,
    tabs: true,
    cards: true,
    filters: true,
    refreshSeconds: true,
    questions: true,
  })
  .extend({
    kind: z.enum(['link', 'embed']),
    /** Filters the viewer cannot change, with their values. */
    lockedFilters: lockedFiltersSchema,
    /** When the link or token stops working. */
    expiresAt: z.string().nullable(),
  })
export type PublicDashboard = z.infer<typeof publicDashboardSchema>

/** The viewer's filter values and clicks; locked filters are replaced by the link's values. */
export const publicCardRunBodySchema = dashboardCardRunBodySchema.pick({ filters: true, crossFilters: true })
export type PublicCardRunBody = z.input<typeof publicCardRunBodySchema>

/** A card's result without the compiled SQL, which stays on the server. */
export const publicCardResultSchema = queryRunResultSchema.omit({ compiled: true })
export type PublicCardResult = z.infer<typeof publicCardResultSchema>

/**
 * Claims of an embedding token (HS256 JWT signed with the embedding secret by the embedding site's
 * backend): which dashboard, the filter values it locks, and when it expires (seconds since the epoch).
 */
export const embedTokenPayloadSchema = z.object({
  dashboard: z.string().min(1).max(100),
  params: lockedFiltersSchema.default({}),
  exp: z.number().int().positive(),
  iat: z.number().int().positive().optional(),
})
export type EmbedTokenPayload = z.input<typeof embedTokenPayloadSchema>

export const embeddingSettingsSchema = z.object({
  /** null until an admin generates one; embedding is off until then. */
  secret: z.string().nullable(),
  rotatedAt: z.string().nullable(),
  /** Embeds run their cards as this admin. */
  rotatedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Sites allowed to frame `/embed/…` pages (`VITRINA_EMBED_ORIGINS`). */
  origins: z.array(z.string()),
})
export type EmbeddingSettings = z.infer<typeof embeddingSettingsSchema>
