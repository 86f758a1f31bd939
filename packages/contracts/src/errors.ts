import { z } from 'zod'

/** Stable error codes. The web translates messages by code; never rename one that has shipped. */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  'ROUTE_NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CSRF_FAILED',
  'INVALID_CREDENTIALS',
  'TOO_MANY_ATTEMPTS',
  'RATE_LIMITED',
  'SETUP_ALREADY_DONE',
  'SETUP_REQUIRED',
  'CONFLICT',
  'EMAIL_TAKEN',
  'LAST_ADMIN',
  'INTERNAL',
] as const

export const errorCodeSchema = z.enum(ERROR_CODES)
export type ErrorCode = z.infer<typeof errorCodeSchema>

export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().nullable(),
    requestId: z.string().nullable(),
  }),
})
export type ApiError = z.infer<typeof apiErrorSchema>
