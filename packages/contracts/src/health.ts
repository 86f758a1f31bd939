import { z } from 'zod'

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  services: z.array(z.string()),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), ms: z.number() })),
})
export type Health = z.infer<typeof healthSchema>
