import { afterEach, describe, expect, it } from 'vitest'
import { dropEarlyResponses, takeEarlyResponse } from './early-requests'

const g = globalThis as {
  window?: { __vitrinaEarly?: Record<string, { at: number; response: Promise<Response> }> }
}
const answer = (text: string) => Promise.resolve(new Response(text))

describe('early requests', () => {
  afterEach(() => {
    delete g.window
  })

  it('hands out each early answer once, for its exact URL', async () => {
    g.window = { __vitrinaEarly: { '/api/auth/me': { at: 1000, response: answer('me') } } }
    expect(takeEarlyResponse('/api/auth/me?x=1', 1001)).toBeNull()
    const taken = takeEarlyResponse('/api/auth/me', 1001)
    expect(await (await taken!).text()).toBe('me')
    expect(takeEarlyResponse('/api/auth/me', 1002)).toBeNull()
  })

  it('refuses an answer older than ten seconds, and forgets all of them after a write', () => {
    g.window = {
      __vitrinaEarly: {
        '/api/auth/me': { at: 0, response: answer('old') },
        '/api/dashboards/d1': { at: 0, response: answer('d') },
      },
    }
    expect(takeEarlyResponse('/api/auth/me', 10_000)).toBeNull()
    dropEarlyResponses()
    expect(takeEarlyResponse('/api/dashboards/d1', 1)).toBeNull()
  })

  it('has nothing to give where the page started none (or outside a browser)', () => {
    expect(takeEarlyResponse('/api/auth/me')).toBeNull()
    g.window = {}
    expect(takeEarlyResponse('/api/auth/me')).toBeNull()
    expect(() => dropEarlyResponses()).not.toThrow()
  })
})
