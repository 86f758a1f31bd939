import { SESSION_COOKIE } from '@vitrina/contracts'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../../config/config'
import type { IssuedSession } from './auth.service'

function isSecure(request: FastifyRequest, setting: Config['cookieSecure']): boolean {
  return setting === 'auto' ? request.protocol === 'https' : setting
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  session: IssuedSession,
  secure: Config['cookieSecure'],
): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecure(request, secure),
    expires: session.expiresAt,
  })
}

export function clearSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  secure: Config['cookieSecure'],
): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecure(request, secure),
  })
}
