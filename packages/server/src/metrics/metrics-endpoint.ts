import { createHash, timingSafeEqual } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Registry } from 'prom-client'

export interface MetricsEndpointOptions {
  registry: Registry
  /** Required as `Authorization: Bearer <token>` when set. */
  token: string | null
}

const digest = (value: string) => createHash('sha256').update(value).digest()

/** Constant-time check of `Authorization: Bearer <token>`. */
export function hasBearerToken(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '')
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token))
}

/**
 * GET /metrics in Prometheus text format. Its access is its own token (or the private listener it is
 * mounted on), not a Vitrina session: Prometheus has no session.
 */
export function registerMetricsRoute(app: FastifyInstance, opts: MetricsEndpointOptions): void {
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (opts.token !== null && !hasBearerToken(request.headers.authorization, opts.token)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .send({
          error: {
            code: 'UNAUTHENTICATED',
            message: 'The metrics token is missing or wrong',
            details: null,
            requestId: request.id,
          },
        })
    }
    return reply.type(opts.registry.contentType).send(await opts.registry.metrics())
  })
}

export interface MetricsListener {
  /** e.g. http://127.0.0.1:9464/metrics */
  url: string
  close(): Promise<void>
}

/** A server of its own that answers only GET /metrics, for METRICS_LISTEN (e.g. 127.0.0.1:9464). */
export async function startMetricsListener(
  listen: { host: string; port: number },
  opts: MetricsEndpointOptions,
): Promise<MetricsListener> {
  const app = Fastify({ logger: false })
  registerMetricsRoute(app, opts)
  const address = await app.listen({ host: listen.host, port: listen.port })
  return { url: `${address}/metrics`, close: () => app.close() }
}
