import { z } from 'zod'

export const ROLES = ['admin', 'analyst', 'viewer'] as const
export const roleSchema = z.enum(ROLES)
export type Role = z.infer<typeof roleSchema>

export const LOCALES = ['ru', 'en'] as const
export const localeSchema = z.enum(LOCALES)
export type Locale = z.infer<typeof localeSchema>

export const PASSWORD_MIN_LENGTH = 10
export const PASSWORD_MAX_LENGTH = 256

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'Must be an email address' }))
export const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH)

export const setupStatusSchema = z.object({ needsSetup: z.boolean() })
export type SetupStatus = z.infer<typeof setupStatusSchema>

export const setupBodySchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(200),
  password: passwordSchema,
})
export type SetupBody = z.infer<typeof setupBodySchema>

export const loginBodySchema = z.object({
  email: z.string().trim().toLowerCase().min(1).max(254),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
})
export type LoginBody = z.infer<typeof loginBodySchema>

export const sessionUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  locale: localeSchema.nullable(),
})
export type SessionUser = z.infer<typeof sessionUserSchema>

/** What the SPA learns about the current session; csrfToken goes into the X-CSRF-Token header. */
export const meSchema = z.object({ user: sessionUserSchema, csrfToken: z.string().nullable() })
export type Me = z.infer<typeof meSchema>

export const changePasswordBodySchema = z.object({
  currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  newPassword: passwordSchema,
})
export type ChangePasswordBody = z.infer<typeof changePasswordBodySchema>

export const CSRF_HEADER = 'x-csrf-token'
export const SESSION_COOKIE = 'vitrina_session'
