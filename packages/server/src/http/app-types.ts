import type { Role } from '@vitrina/contracts'
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Principal } from './principal'

/**
 * Who may call a route. Routes are closed by default: a route that does not say is treated as
 * 'viewer' (any signed-in user). 'public' must be written out, and the route test lists them all.
 */
export type Access = 'public' | Role

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
    /**
     * A POST that changes no user, session, key or permission (query runs): the auth hook's short-lived
     * principal memo survives it. Every other mutation clears the memo when it finishes.
     */
    keepsPrincipals?: boolean
  }
  interface FastifyRequest {
    principal: Principal | null
  }
}

export type AppInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>
