import type {
  DashboardCachedCards,
  DashboardCardExportBody,
  DashboardCardRows,
  DashboardCardRowsBody,
  DashboardCardRunBody,
  DashboardFilterValues,
  DashboardFilterValuesBody,
  QueryRunResult,
} from '@vitrina/contracts'
import { api, apiErrorFrom, csrfHeaders } from '../api-client'

const base = (dashboardId: string) => `/api/dashboards/${encodeURIComponent(dashboardId)}`
const card = (dashboardId: string, cardId: string) =>
  `${base(dashboardId)}/cards/${encodeURIComponent(cardId)}`

/** Fetchers of a signed-in dashboard's cards and filters: the server applies the filters. */
export const dashboardCardsApi = {
  /** What the server's cache holds for the first tab's cards under the filters' defaults (runs nothing). */
  cached: (dashboardId: string) => api<DashboardCachedCards>('GET', `${base(dashboardId)}/cards/cached`),

  run: (dashboardId: string, cardId: string, body: DashboardCardRunBody, signal?: AbortSignal) =>
    api<QueryRunResult>('POST', `${card(dashboardId, cardId)}/run`, body, signal),

  rows: (dashboardId: string, cardId: string, body: DashboardCardRowsBody, signal?: AbortSignal) =>
    api<DashboardCardRows>('POST', `${card(dashboardId, cardId)}/rows`, body, signal),

  filterValues: (
    dashboardId: string,
    filterId: string,
    body: DashboardFilterValuesBody,
    signal?: AbortSignal,
  ) =>
    api<DashboardFilterValues>(
      'POST',
      `${base(dashboardId)}/filters/${encodeURIComponent(filterId)}/values`,
      body,
      signal,
    ),

  /** Streams the card's filtered result into a file the browser saves; errors arrive as JSON first. */
  async download(dashboardId: string, cardId: string, body: DashboardCardExportBody): Promise<void> {
    const res = await fetch(`${card(dashboardId, cardId)}/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...csrfHeaders() },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    })
    if (!res.ok) throw apiErrorFrom(res.status, res.statusText, await res.json().catch(() => null))
    const disposition = res.headers.get('content-disposition') ?? ''
    const named = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1]
    saveBlob(
      await res.blob(),
      named ? decodeURIComponent(named) : `${body.fileName || 'export'}.${body.format}`,
    )
  },
}

/** Offers a blob as a download under `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
