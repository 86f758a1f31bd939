import { z } from 'zod'

/**
 * The built-in "Platform health" dashboard: Vitrina cards over PromQL, so a small install watches itself
 * without Grafana. API:
 *
 * | method | path | access | body → answer |
 * |---|---|---|---|
 * | POST | /api/admin/platform-health | admin | `InstallPlatformHealthBody` → 201 `PlatformHealth` |
 *
 * It adds a Prometheus source at `prometheusUrl`, a "Platform health" collection with one saved PromQL
 * question per card, and the dashboard of those cards (refreshed every minute).
 */
export const installPlatformHealthBodySchema = z.object({
  prometheusUrl: z.url({ protocol: /^https?$/ }).max(2000),
})
export type InstallPlatformHealthBody = z.input<typeof installPlatformHealthBodySchema>

export const platformHealthSchema = z.object({
  sourceId: z.string(),
  collectionId: z.string(),
  dashboardId: z.string(),
  questionIds: z.array(z.string()),
})
export type PlatformHealth = z.infer<typeof platformHealthSchema>
