import { type ApiError, CSRF_HEADER } from '@vitrina/contracts'

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
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

export async function api<T>(method: Method, url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken
  let res: Response
  try {
    res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    })
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    throw new ApiRequestError(0, 'NETWORK', 'The server cannot be reached', null, null)
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  const json = text ? (JSON.parse(text) as unknown) : undefined
  if (!res.ok) {
    const err = (json as ApiError | undefined)?.error
    throw new ApiRequestError(
      res.status,
      err?.code ?? 'INTERNAL',
      err?.message ?? res.statusText,
      err?.details ?? null,
      err?.requestId ?? null,
    )
  }
  return json as T
}
