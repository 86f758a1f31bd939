import type {
  CompiledSql,
  ExportQueryBody,
  QueryRunResult,
  QuestionRunBody,
  RunQueryBody,
} from '@vitrina/contracts'
import { ApiRequestError, api, csrfHeaders } from '../api-client'

/** A builder draft over a saved question goes through the questions module, which resolves the chain. */
const readsQuestion = (body: RunQueryBody) =>
  body.query.kind === 'builder' && body.query.query.source.kind === 'question'

/** Fetchers of the query API (`contracts/query-run.ts`); the editor keeps run state locally (one run at a time). */
export const queryRunApi = {
  run: (body: RunQueryBody, signal?: AbortSignal) =>
    api<QueryRunResult>(
      'POST',
      readsQuestion(body) ? '/api/question-drafts/run' : '/api/query/run',
      body,
      signal,
    ),
  /** A saved question as stored: its own cache policy applies and the audit names it. */
  runQuestion: (id: string, body: QuestionRunBody, signal?: AbortSignal) =>
    api<QueryRunResult>('POST', `/api/questions/${encodeURIComponent(id)}/run`, body, signal),
  compile: (body: RunQueryBody, signal?: AbortSignal) =>
    api<CompiledSql>(
      'POST',
      readsQuestion(body) ? '/api/question-drafts/compile' : '/api/query/compile',
      body,
      signal,
    ),
  cancel: (runId: string) =>
    api<{ cancelled: boolean }>('POST', `/api/query/runs/${encodeURIComponent(runId)}/cancel`, {}),

  /** Streams the export to a file the browser saves; errors arrive as JSON before any byte of the file. */
  async download(body: ExportQueryBody): Promise<void> {
    const res = await fetch('/api/query/export', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...csrfHeaders() },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    })
    if (!res.ok) {
      const json = (await res.json().catch(() => null)) as {
        error?: { code: string; message: string }
      } | null
      throw new ApiRequestError(
        res.status,
        json?.error?.code ?? 'INTERNAL',
        json?.error?.message ?? res.statusText,
        null,
        null,
      )
    }
    const url = URL.createObjectURL(await res.blob())
    const a = document.createElement('a')
    a.href = url
    a.download = `${body.fileName || 'export'}.${body.format}`
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  },
}
