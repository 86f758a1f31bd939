import { CSRF_HEADER, SESSION_COOKIE } from '@vitrina/contracts'
import type { FastifyRequest } from 'fastify'
import type { AuthService } from '../modules/auth/auth.service'
import { AppError, ForbiddenError, UnauthenticatedError } from './errors'
import { hasRole } from './principal'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Runs before body parsing on every /api route: resolves who is calling, then enforces the route's
 * access (closed by default), then CSRF for cookie sessions. Anonymous callers never reach a body parser.
 */
export function createAuthHook(auth: AuthService) {
  return async function authHook(request: FastifyRequest): Promise<void> {
    if (request.is404 || !request.url.startsWith('/api/')) return
    const access = request.routeOptions.config.access ?? 'viewer'
    const mutating = !SAFE_METHODS.has(request.method)

    if (mutating) assertSameOrigin(request)

    const bearer = request.headers.authorization
    if (bearer?.startsWith('Bearer ')) {
      request.principal = await auth.resolveApiKey(bearer.slice('Bearer '.length).trim())
      if (!request.principal)
        throw new AppError(401, 'UNAUTHENTICATED', 'The API key is invalid, expired or revoked')
    } else {
      const token = request.cookies[SESSION_COOKIE]
      request.principal = token ? await auth.resolveSession(token) : null
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
