import type { IncomingMessage, ServerResponse } from 'node:http'
import helmet, { type HelmetOptions } from 'helmet'
import type { AppInstance } from './app-types'

/**
 * The headers helmet sets for `options`, computed once. Its middleware writes the same static headers on
 * every response (no nonces here), but rebuilding it per request (as @fastify/helmet does) parsed the CSP
 * directives again for each one: measurable on the cache-hit path.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const capture = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
    },
    // X-Powered-By: helmet removes it; Node and Fastify never set it.
    removeHeader() {},
  }
  helmet(options)({} as IncomingMessage, capture as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err
  })
  return headers
}

/** Sets helmet's headers on every response, before any hook or handler may adjust one of them. */
export function registerSecurityHeaders(app: AppInstance, options: HelmetOptions): void {
  const headers = Object.entries(securityHeaders(options))
  app.addHook('onRequest', (_request, reply, done) => {
    // On the raw response, where helmet put them: later hooks read and adjust them there (embed pages' CSP).
    for (const [name, value] of headers) reply.raw.setHeader(name, value)
    done()
  })
}
