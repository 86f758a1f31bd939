import { z } from 'zod'
import { DASHBOARD_AUDIT_ACTIONS } from './dashboard'
import { SHARE_AUDIT_ACTIONS } from './dashboard-shares'
import { DATASET_AUDIT_ACTIONS } from './datasets-api'
import { QUESTION_AUDIT_ACTIONS } from './questions'

export const AUDIT_ACTIONS = [
  'auth.setup',
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.password_changed',
  'user.created',
  'user.updated',
  'user.deactivated',
  'user.reactivated',
  'group.created',
  'group.updated',
  'group.deleted',
  'group.members_changed',
  'api_key.created',
  'api_key.revoked',
  'permission.changed',
  'source.created',
  'source.updated',
  'source.deleted',
  'source.permissions_changed',
  'source.cache_cleared',
  'query.run',
  'query.export',
  ...QUESTION_AUDIT_ACTIONS,
  ...DATASET_AUDIT_ACTIONS,
  ...DASHBOARD_AUDIT_ACTIONS,
  ...SHARE_AUDIT_ACTIONS,
] as const
export const auditActionSchema = z.enum(AUDIT_ACTIONS)
export type AuditAction = z.infer<typeof auditActionSchema>

export const auditEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
})
export type AuditEvent = z.infer<typeof auditEventSchema>

export const auditQuerySchema = z.object({
  action: z.string().max(100).optional(),
  actorId: z.string().max(100).optional(),
  before: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})
export type AuditQuery = z.input<typeof auditQuerySchema>

export const auditPageSchema = z.object({
  events: z.array(auditEventSchema),
  nextBefore: z.string().nullable(),
})
export type AuditPage = z.infer<typeof auditPageSchema>
