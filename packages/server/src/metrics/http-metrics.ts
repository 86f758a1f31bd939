import type { FastifyInstance } from 'fastify'
import type { VitrinaMetrics } from './registry'

/**
 * Observes every response's latency under its route template (`/api/users/:id`, never the raw URL,
 * so ids do not explode the series count); requests no route matched count as `unmatched`.
 */
export function instrumentHttp(app: FastifyInstance, metrics: VitrinaMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    )
  })
}
