import { createHash, timingSafeEqual } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Registry } from 'prom-client'

export interface MetricsExposure {
  /** Required as `Authorization: Bearer <token>` when set. */
  token: string | null
  /** A separate listener for /metrics only; without it a token serves /metrics on the app's port. */
  listen: { host: string; port: number } | null
}

const digest = (value: string) => createHash('sha256').update(value).digest()

/** `host:port` (IPv6 in brackets); the same format as Vitrina's METRICS_LISTEN. */
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})$/.exec(value)
  const port = Number(match?.[2])
  if (!match?.[1] || port > 65535) throw new Error(`expected host:port, e.g. 127.0.0.1:9465 (got "${value}")`)
  return { host: match[1].replace(/^\[|\]$/g, ''), port }
}

/** GET /metrics in Prometheus text format, guarded by its own bearer token (Prometheus has no session). */
export function registerMetricsRoute(
  app: FastifyInstance,
  opts: { registry: Registry; token: string | null },
): void {
  app.get('/metrics', async (request, reply) => {
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')
    const authorised =
      opts.token === null ||
      (match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(opts.token)))
    if (!authorised) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .send({
          error: {
            code: 'BANK_UNAUTHENTICATED',
            message: 'The metrics token is missing or wrong',
            details: null,
            requestId: request.id,
          },
        })
    }
    return reply.type(opts.registry.contentType).send(await opts.registry.metrics())
  })
}

/** A server of its own that answers only GET /metrics. */
export async function startMetricsListener(
  listen: { host: string; port: number },
  opts: { registry: Registry; token: string | null },
): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false })
  registerMetricsRoute(app, opts)
  const address = await app.listen(listen)
  return { url: `${address}/metrics`, close: () => app.close() }
}
