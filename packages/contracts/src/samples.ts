import { z } from 'zod'

/**
 * Sample content for the first minute of a fresh install: a Russian sales report across regions (a dataset
 * of generated rows), saved questions in the "Примеры" collection and a ready dashboard with a period filter.
 * API:
 *
 * | method | path | access | body → answer |
 * |---|---|---|---|
 * | POST | /api/admin/sample-content | admin | → 201 `SampleContent` (created), 200 (already there) |
 *
 * Idempotent: a second call answers 200 with the existing dashboard (`created: false`). When the sample
 * dataset is there but its dashboard was deleted, it answers 409 `SAMPLE_CONTENT_EXISTS`.
 */
export const SAMPLE_ERROR_CODES = ['SAMPLE_CONTENT_EXISTS'] as const
export type SampleErrorCode = (typeof SAMPLE_ERROR_CODES)[number]

export const sampleContentSchema = z.object({
  created: z.boolean(),
  datasetId: z.string(),
  collectionId: z.string(),
  dashboardId: z.string(),
  questionIds: z.array(z.string()),
})
export type SampleContent = z.infer<typeof sampleContentSchema>
