// The product path of one upload, as the web app drives it: POST /api/uploads (multipart, streamed from
// disk) → preview → create the dataset from the upload → follow the batch until it has loaded → the rows
// are queryable (the grid's count). Used by bench/ingest.ts against a `vitrina start` child process.
import { openAsBlob } from 'node:fs'
import path from 'node:path'
import type { ApiBatch, ApiPreview, ApiUpload, CreateFromUploadBody, RowsPage } from '@vitrina/contracts'

export interface Client {
  call<T>(method: string, url: string, body?: unknown): Promise<T>
  upload(file: string): Promise<ApiUpload>
  /** Follows the batch's Server-Sent Events (as the web app does) until it is no longer running. */
  follow(datasetId: string, batchId: string): Promise<ApiBatch>
}

/** The first admin (setup), then every request with its session cookie and CSRF token. */
export async function adminClient(base: string): Promise<Client> {
  const res = await fetch(`${base}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench', email: 'bench@example.com', password: 'bench-password-42' }),
  })
  if (!res.ok) throw new Error(`setup: ${res.status} ${await res.text()}`)
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const csrf = ((await res.json()) as { csrfToken: string }).csrfToken
  const headers = { cookie, 'x-csrf-token': csrf }
  const check = async (r: Response, what: string) => {
    if (!r.ok) throw new Error(`${what}: ${r.status} ${await r.text()}`)
    return r
  }
  return {
    async call<T>(method: string, url: string, body?: unknown): Promise<T> {
      const r = await fetch(`${base}${url}`, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return (await (await check(r, `${method} ${url}`)).json()) as T
    },
    async follow(datasetId: string, batchId: string): Promise<ApiBatch> {
      const url = `/api/datasets/${datasetId}/batches/${batchId}/events`
      const r = await check(await fetch(`${base}${url}`, { headers }), `GET ${url}`)
      const decoder = new TextDecoder()
      let text = ''
      let last: ApiBatch | null = null
      for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) {
        text += decoder.decode(chunk, { stream: true })
        let end = text.indexOf('\n\n')
        while (end !== -1) {
          const event = text.slice(0, end)
          text = text.slice(end + 2)
          const data = event.split('\n').find((l) => l.startsWith('data: '))
          if (data) last = JSON.parse(data.slice(6)) as ApiBatch
          end = text.indexOf('\n\n')
        }
        if (last && last.status !== 'running') break
      }
      if (!last) throw new Error(`${url}: no events`)
      return last
    },
    async upload(file: string): Promise<ApiUpload> {
      const form = new FormData()
      form.append('file', await openAsBlob(file), path.basename(file))
      const r = await fetch(`${base}/api/uploads`, { method: 'POST', headers, body: form })
      return (await (await check(r, 'upload')).json()) as ApiUpload
    },
  }
}

/** Upload → preview → create from upload → wait → count; returns the rows the grid counts. */
export async function uploadAsNewDataset(client: Client, file: string, name: string): Promise<number> {
  const t0 = performance.now()
  const lap = (what: string) =>
    process.stderr.write(`  ${path.basename(file)} ${what} after ${Math.round(performance.now() - t0)} ms\n`)
  const upload = await client.upload(file)
  lap('uploaded')
  const preview = await client.call<ApiPreview>('POST', `/api/uploads/${upload.id}/preview`, {})
  lap('previewed')
  const body: CreateFromUploadBody = {
    uploadId: upload.id,
    sheet: preview.sheet,
    name,
    columns: preview.columns.map(({ displayName, identifier, type, required, enumValues, sourceIndex }) => ({
      displayName,
      identifier,
      type,
      required,
      enumValues,
      sourceIndex,
    })),
  }
  const created = await client.call<{ dataset: { id: string }; batch: ApiBatch }>(
    'POST',
    '/api/datasets/from-upload',
    body,
  )
  lap('import started')
  const id = created.dataset.id
  const batch = await client.follow(id, created.batch.id)
  lap('loaded')
  if (batch.status !== 'loaded') throw new Error(`batch ${batch.status}: ${JSON.stringify(batch.error)}`)
  const page = await client.call<RowsPage>('POST', `/api/datasets/${id}/rows/query`, { limit: 1 })
  if (page.total !== batch.rowsInserted)
    throw new Error(`loaded ${batch.rowsInserted} rows but the grid counts ${page.total}`)
  return page.total
}
