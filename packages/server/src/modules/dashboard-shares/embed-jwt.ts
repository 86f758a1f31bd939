import { createHmac } from 'node:crypto'
import { type EmbedTokenPayload, embedTokenPayloadSchema } from '@vitrina/contracts'
import { AppError } from '../../http/errors'
import { safeEqual } from '../../lib/tokens'

/** Clock difference tolerated between the embedding site and Vitrina. */
const CLOCK_LEEWAY_SECONDS = 30
const PART = /^[A-Za-z0-9_-]+$/

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const hs256 = (secret: string, input: string) =>
  createHmac('sha256', secret).update(input).digest('base64url')

function invalid(message: string): AppError {
  return new AppError(403, 'EMBED_TOKEN_INVALID', message)
}

/** What another site's backend does (docs/API.md has the same recipe); used by tests and the docs example. */
export function signEmbedToken(payload: EmbedTokenPayload, secret: string): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`
  return `${head}.${hs256(secret, head)}`
}

/**
 * Verifies an HS256 JWT signed with the embedding secret. Only HS256 is accepted (never `none` or
 * another algorithm named by the token itself), and `exp` is required.
 */
export function verifyEmbedToken(token: string, secret: string, nowMs = Date.now()): EmbedTokenPayload {
  const parts = token.split('.')
  if (parts.length !== 3 || !parts.every((p) => PART.test(p)))
    throw invalid('The embedding token is not a signed JWT')
  const [head, body, signature] = parts as [string, string, string]
  let header: unknown
  let claims: unknown
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'))
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    throw invalid('The embedding token is not a signed JWT')
  }
  if ((header as { alg?: unknown } | null)?.alg !== 'HS256')
    throw invalid('The embedding token must be signed with HS256')
  if (!safeEqual(signature, hs256(secret, `${head}.${body}`)))
    throw invalid('The embedding token is not signed with this installation’s embedding secret')
  const parsed = embedTokenPayloadSchema.safeParse(claims)
  if (!parsed.success)
    throw invalid(`The embedding token's claims are wrong: ${parsed.error.issues[0]?.message ?? ''}`)
  const nowSeconds = nowMs / 1000
  if (parsed.data.exp + CLOCK_LEEWAY_SECONDS < nowSeconds)
    throw new AppError(410, 'EMBED_TOKEN_EXPIRED', 'The embedding token has expired')
  return parsed.data
}
