import { useQuery } from '@tanstack/react-query'
import type {
  DashboardFilterValues,
  DashboardFilterValuesBody,
  PublicCardResult,
  PublicCardRunBody,
  PublicDashboard,
} from '@vitrina/contracts'
import { api } from '../api-client'
import { shareKeys } from './keys'

export type PublicKind = PublicDashboard['kind']

const baseUrl = (kind: PublicKind, token: string) =>
  `/api/${kind === 'link' ? 'public' : 'embed'}/dashboards/${encodeURIComponent(token)}`

/** The read-only dashboard behind a public link or an embedding token; no session needed. */
export function usePublicDashboardQuery(kind: PublicKind, token: string) {
  return useQuery({
    queryKey: shareKeys.publicDashboard(kind, token),
    queryFn: ({ signal }) => api<PublicDashboard>('GET', baseUrl(kind, token), undefined, signal),
  })
}

export function runPublicCard(
  kind: PublicKind,
  token: string,
  cardId: string,
  body: PublicCardRunBody,
  signal?: AbortSignal,
): Promise<PublicCardResult> {
  return api<PublicCardResult>(
    'POST',
    `${baseUrl(kind, token)}/cards/${encodeURIComponent(cardId)}/run`,
    body,
    signal,
  )
}

/** A category filter's values; the server offers them only on links and tokens that lock nothing. */
export function loadPublicFilterValues(
  kind: PublicKind,
  token: string,
  filterId: string,
  body: DashboardFilterValuesBody,
  signal?: AbortSignal,
): Promise<DashboardFilterValues> {
  return api<DashboardFilterValues>(
    'POST',
    `${baseUrl(kind, token)}/filters/${encodeURIComponent(filterId)}/values`,
    body,
    signal,
  )
}
