import type { ApiBatch, ImportMode } from '@vitrina/contracts'
import type { Page } from 'playwright-core'

/** The first admin every spec sets a fresh install up with. */
export const ADMIN = { name: 'Анна Админова', email: 'anna@example.com', password: 'admin-password-42' }

/** API calls from a signed-in browser session, as the UI makes them (the session's cookie and CSRF token). */
export interface SessionApi {
  call<T = unknown>(method: string, url: string, body?: unknown): Promise<T>
  /** Uploads a CSV into a dataset through the upload API and waits until its batch has loaded. */
  importCsv(datasetId: string, fileName: string, csv: string, mode?: ImportMode): Promise<void>
}

/** Claims the fresh install's setup as ADMIN from the page's browser context, which is then signed in. */
export async function setupAdmin(page: Page, serverUrl: string): Promise<SessionApi> {
  const setup = await page.request.post(`${serverUrl}/api/setup`, { data: ADMIN })
  if (setup.status() >= 300) throw new Error(`setup: ${setup.status()} ${await setup.text()}`)
  const { csrfToken } = (await setup.json()) as { csrfToken: string }

  async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
    const res = await page.request.fetch(`${serverUrl}${url}`, {
      method,
      headers: {
        'x-csrf-token': csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      data: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`)
    return (res.status() === 204 ? undefined : await res.json()) as T
  }

  return {
    call,
    async importCsv(datasetId, fileName, csv, mode = 'append') {
      const upload = await page.request.post(`${serverUrl}/api/uploads`, {
        headers: { 'x-csrf-token': csrfToken },
        multipart: { file: { name: fileName, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') } },
      })
      if (upload.status() !== 201)
        throw new Error(`upload ${fileName}: ${upload.status()} ${await upload.text()}`)
      const { id: uploadId } = (await upload.json()) as { id: string }
      const { batch } = await call<{ batch: ApiBatch }>('POST', `/api/datasets/${datasetId}/imports`, {
        uploadId,
        mode,
      })
      for (let status = batch.status; status !== 'loaded'; ) {
        if (status !== 'running') throw new Error(`import ${fileName} ended ${status}`)
        await new Promise((r) => setTimeout(r, 300))
        status = (await call<ApiBatch>('GET', `/api/datasets/${datasetId}/batches/${batch.id}`)).status
      }
    },
  }
}
