import { z } from 'zod'
import { emailSchema, localeSchema, passwordSchema, roleSchema } from './auth'

export const ATTRIBUTE_KEY_PATTERN = /^[a-z][a-z0-9_]{0,62}$/

export const userAttributesSchema = z.record(
  z.string().regex(ATTRIBUTE_KEY_PATTERN, 'Attribute keys are lower-case latin letters, digits and _'),
  z.string().max(500),
)

export const apiUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  isActive: z.boolean(),
  locale: localeSchema.nullable(),
  attributes: z.record(z.string(), z.string()),
  groups: z.array(z.object({ id: z.string(), name: z.string() })),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
})
export type ApiUser = z.infer<typeof apiUserSchema>

export const createUserBodySchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(200),
  role: roleSchema,
  password: passwordSchema,
  attributes: userAttributesSchema.default({}),
  groupIds: z.array(z.string()).default([]),
})
export type CreateUserBody = z.input<typeof createUserBodySchema>

export const updateUserBodySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: roleSchema,
    isActive: z.boolean(),
    locale: localeSchema.nullable(),
    password: passwordSchema,
    attributes: userAttributesSchema,
    groupIds: z.array(z.string()),
  })
  .partial()
export type UpdateUserBody = z.infer<typeof updateUserBodySchema>

export const apiGroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  memberCount: z.number().int(),
  createdAt: z.string(),
})
export type ApiGroup = z.infer<typeof apiGroupSchema>

export const groupBodySchema = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).default(''),
})
export type GroupBody = z.input<typeof groupBodySchema>

export const groupMembersBodySchema = z.object({ userIds: z.array(z.string()) })
