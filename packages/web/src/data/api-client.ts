import { type ApiError, CSRF_HEADER } from '@vitrina/contracts'
import { dropEarlyResponses, takeEarlyResponse } from './early-requests'

/** An API error with the server's stable code; the UI translates by code and falls back to message. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    readonly requestId: string | null,
  ) {
    super(message)
    this.name = 'ApiRequestError'
  }
}

// The CSRF token is a credential of this tab's session, not server data to display, so it lives here.
let csrfToken: string | null = null
let csrfWaiters: (() => void)[] = []
export function setCsrfToken(token: string | null): void {
  csrfToken = token
  if (token) {
    for (const wake of csrfWaiters) wake()
    csrfWaiters = []
  }
}

/** Resolves once the session's CSRF token is known: a POST started before the session check waits for it. */
export function csrfTokenReady(): Promise<void> {
  return csrfToken ? Promise.resolve() : new Promise((resolve) => csrfWaiters.push(resolve))
}

/** The CSRF header for requests that do not go through `api()` (uploads with progress, streamed responses). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { [CSRF_HEADER]: csrfToken } : {}
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

export async function api<T>(method: Method, url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken
  if (method !== 'GET') dropEarlyResponses()
  const early = method === 'GET' ? takeEarlyResponse(url) : null
  let res: Response
  try {
    res = await (early ??
      fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        signal,
      }))
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    throw new ApiRequestError(0, 'NETWORK', 'The server cannot be reached', null, null)
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  const json = text ? (JSON.parse(text) as unknown) : undefined
  if (!res.ok) throw apiErrorFrom(res.status, res.statusText, json)
  return json as T
}

/** The error of a failed response whose body is the server's `{ error }` JSON (or anything else). */
export function apiErrorFrom(status: number, statusText: string, json: unknown): ApiRequestError {
  const err = (json as ApiError | undefined)?.error
  return new ApiRequestError(
    status,
    err?.code ?? 'INTERNAL',
    err?.message ?? statusText,
    err?.details ?? null,
    err?.requestId ?? null,
  )
}
