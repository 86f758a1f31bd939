/** A GET that `public/early.js` sent before the app's code had loaded. */
interface EarlyRequest {
  at: number
  response: Promise<Response>
}

type EarlyWindow = { __vitrinaEarly?: Record<string, EarlyRequest> }

/** An early answer is taken only this soon after the page started: later, the data may have changed. */
const EARLY_MS = 10_000

const early = (): Record<string, EarlyRequest> | undefined =>
  typeof window === 'undefined' ? undefined : (window as EarlyWindow).__vitrinaEarly

/** The early response for exactly this URL, once; null if there is none (or it is too old). */
export function takeEarlyResponse(url: string, now = Date.now()): Promise<Response> | null {
  const requests = early()
  const request = requests?.[url]
  if (!request) return null
  delete requests[url]
  return now - request.at < EARLY_MS ? request.response : null
}

/** Anything that writes (a login, a save) makes every early answer stale. */
export function dropEarlyResponses(): void {
  const requests = early()
  if (requests) for (const url of Object.keys(requests)) delete requests[url]
}
