import { ApiRequestError } from '../../data/api-client'

/** Codes meaning the link or token itself no longer works (not one card's problem). */
const GONE = new Set([
  'SHARE_NOT_FOUND',
  'SHARE_REVOKED',
  'SHARE_EXPIRED',
  'SHARE_UNAVAILABLE',
  'EMBED_DISABLED',
  'EMBED_TOKEN_INVALID',
  'EMBED_TOKEN_EXPIRED',
])

export function isShareGone(error: unknown): error is ApiRequestError {
  return error instanceof ApiRequestError && GONE.has(error.code)
}
