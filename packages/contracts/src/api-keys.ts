import { z } from 'zod'

export const API_KEY_PREFIX = 'vtr_'

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** First characters of the key, enough to recognise it in a list. */
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
})
export type ApiKey = z.infer<typeof apiKeySchema>

export const createApiKeyBodySchema = z.object({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(3650).nullable().default(null),
})
export type CreateApiKeyBody = z.input<typeof createApiKeyBodySchema>

/** The only response that ever carries the secret. */
export const createdApiKeySchema = z.object({ key: apiKeySchema, secret: z.string() })
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>

/** Admin view: every key with its owner, so a leaked or forgotten key can be found and revoked. */
export const adminApiKeySchema = apiKeySchema.extend({ userId: z.string(), userEmail: z.string() })
export type AdminApiKey = z.infer<typeof adminApiKeySchema>
