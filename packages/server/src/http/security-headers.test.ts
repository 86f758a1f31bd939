import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import helmet from 'helmet'
import { describe, expect, it } from 'vitest'
import { securityHeaders } from './security-headers'

const options = {
  contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } },
  hsts: false,
  crossOriginEmbedderPolicy: false,
} as const

/** The headers helmet's own middleware puts on a real HTTP response. */
async function helmetOnARealResponse(): Promise<Record<string, string>> {
  const middleware = helmet(options)
  const server = createServer((req, res) => middleware(req, res, () => res.end('ok')))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  try {
    return await new Promise((resolve, reject) => {
      request({ port, host: '127.0.0.1' }, (res) => {
        res.resume()
        const out: Record<string, string> = {}
        for (const [k, v] of Object.entries(res.headers))
          if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(k))
            out[k] = String(v)
        resolve(out)
      })
        .on('error', reject)
        .end()
    })
  } finally {
    server.close()
  }
}

describe('security headers', () => {
  it('are exactly the headers helmet writes, computed once', async () => {
    const headers = securityHeaders(options)
    expect(headers).toEqual(await helmetOnARealResponse())
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(headers['x-content-type-options']).toBe('nosniff')
    expect(headers['strict-transport-security']).toBeUndefined()
  })
})
