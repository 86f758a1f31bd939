import { CSRF_HEADER, SESSION_COOKIE } from '@vitrina/contracts'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AuthService } from '../modules/auth/auth.service'
import { AppError, ForbiddenError, UnauthenticatedError } from './errors'
import { hasRole, type Principal } from './principal'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
/** How long a resolved session or API key is reused without a system-DB lookup (the cache-hit path). */
const PRINCIPAL_MEMO_MS = 2_000
const PRINCIPAL_MEMO_MAX = 10_000

/** Resolved principals (or "none") by token, for `ttlMs`; cleared whole by any mutation. */
function createPrincipalMemo(ttlMs: number) {
  let entries = new Map<string, { at: number; principal: Promise<Principal | null> }>()
  return {
    clear: () => {
      entries = new Map()
    },
    resolve(token: string, load: () => Promise<Principal | null>): Promise<Principal | null> {
      const now = Date.now()
      const hit = entries.get(token)
      if (hit && now - hit.at < ttlMs) return hit.principal
      if (entries.size >= PRINCIPAL_MEMO_MAX) entries = new Map()
      const principal = load()
      const table = entries
      table.set(token, { at: now, principal })
      principal.catch(() => table.delete(token))
      return principal
    },
  }
}

/**
 * Runs before body parsing on every /api route: resolves who is calling, then enforces the route's
 * access (closed by default), then CSRF for cookie sessions. Anonymous callers never reach a body parser.
 */
export function createAuthHook(auth: AuthService, opts: { principalMemoMs?: number } = {}) {
  const memo = createPrincipalMemo(opts.principalMemoMs ?? PRINCIPAL_MEMO_MS)
  return async function authHook(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.is404 || !request.url.startsWith('/api/')) return
    const access = request.routeOptions.config.access ?? 'viewer'
    const mutating = !SAFE_METHODS.has(request.method)

    if (mutating) assertSameOrigin(request)
    // A mutation may end sessions, revoke keys or change roles: nothing remembered before it is trusted
    // after it (in this process; other processes see it within the memo time).
    if (mutating && !request.routeOptions.config.keepsPrincipals) {
      memo.clear()
      reply.raw.once('finish', memo.clear).once('close', memo.clear)
    }

    const bearer = request.headers.authorization
    if (bearer?.startsWith('Bearer ')) {
      const secret = bearer.slice('Bearer '.length).trim()
      request.principal = await memo.resolve(`k:${secret}`, () => auth.resolveApiKey(secret))
      if (!request.principal)
        throw new AppError(401, 'UNAUTHENTICATED', 'The API key is invalid, expired or revoked')
    } else {
      const token = request.cookies[SESSION_COOKIE]
      request.principal = token ? await memo.resolve(`s:${token}`, () => auth.resolveSession(token)) : null
    }

    if (access === 'public') return
    const principal = request.principal
    if (!principal) throw new UnauthenticatedError()
    if (!hasRole(principal.user.role, access)) throw new ForbiddenError()
    if (mutating && principal.session && request.headers[CSRF_HEADER] !== principal.session.csrfToken) {
      throw new AppError(403, 'CSRF_FAILED', 'Missing or wrong CSRF token; reload the page and try again')
    }
  }
}

/** Browsers send Origin on cross-site requests; refuse a mutation whose Origin is not this host. */
function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin
  if (!origin) return
  let host: string
  try {
    host = new URL(origin).host
  } catch {
    throw new AppError(403, 'CSRF_FAILED', 'Cross-site request refused')
  }
  if (host !== request.host) throw new AppError(403, 'CSRF_FAILED', 'Cross-site request refused')
}
