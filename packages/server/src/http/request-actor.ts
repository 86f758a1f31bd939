import type { FastifyRequest } from 'fastify'
import { UnauthenticatedError } from './errors'
import { type Actor, actorOf, type Principal } from './principal'

/** The signed-in caller; the auth hook has already refused anonymous requests to non-public routes. */
export function principalFrom(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthenticatedError()
  return request.principal
}

export function actorFrom(request: FastifyRequest): Actor {
  return actorOf(principalFrom(request), request.ip)
}
