import { ApiRequestError, apiErrorFrom, csrfHeaders } from '../api-client'

export interface UploadOptions {
  /** Called with the share of the file sent so far, 0..1. */
  onProgress?: (fraction: number) => void
  signal?: AbortSignal
  headers?: Record<string, string>
}

/**
 * POSTs a multipart form through XMLHttpRequest, because fetch() cannot report upload progress; answers the
 * server's JSON or throws the same ApiRequestError as `api()`.
 */
export function uploadWithProgress<T>(url: string, form: FormData, opts: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    xhr.setRequestHeader('accept', 'application/json')
    for (const [name, value] of Object.entries({ ...csrfHeaders(), ...opts.headers })) {
      xhr.setRequestHeader(name, value)
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(e.loaded / e.total)
    }
    xhr.onload = () => {
      let json: unknown
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : undefined
      } catch {
        json = undefined
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        opts.onProgress?.(1)
        resolve(json as T)
      } else reject(apiErrorFrom(xhr.status, xhr.statusText, json))
    }
    xhr.onerror = () => reject(new ApiRequestError(0, 'NETWORK', 'The server cannot be reached', null, null))
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'))
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    xhr.send(form)
  })
}
