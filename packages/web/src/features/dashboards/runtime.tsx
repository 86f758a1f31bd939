import type {
  DashboardCardExportBody,
  DashboardCardRows,
  DashboardCardRowsBody,
  DashboardCardRunBody,
  DashboardFilterValues,
  DashboardFilterValuesBody,
  QueryRunResult,
} from '@vitrina/contracts'
import { createContext, type ReactNode, useContext } from 'react'
import type { Limiter } from './model/limiter'

/** A card's result as every page gets it (public pages leave out the compiled SQL). */
export type CardResult = Omit<QueryRunResult, 'compiled'>

/**
 * How cards of one dashboard reach the server. The signed-in page uses the dashboard routes; public links
 * and embeds pass their own run function and may leave out what they do not offer (export, rows, lists).
 */
export interface DashboardRuntime {
  runCard: (cardId: string, body: DashboardCardRunBody, signal?: AbortSignal) => Promise<CardResult>
  exportCard?: (cardId: string, body: DashboardCardExportBody) => Promise<void>
  loadRows?: (cardId: string, body: DashboardCardRowsBody, signal?: AbortSignal) => Promise<DashboardCardRows>
  loadFilterValues?: (
    filterId: string,
    body: DashboardFilterValuesBody,
    signal?: AbortSignal,
  ) => Promise<DashboardFilterValues>
}

export interface CardRuntime extends DashboardRuntime {
  dashboardKey: string
  limiter: Limiter
  refreshSeconds: number | null
}

const Context = createContext<CardRuntime | null>(null)

export function CardRuntimeProvider({ value, children }: { value: CardRuntime; children: ReactNode }) {
  return <Context.Provider value={value}>{children}</Context.Provider>
}

export function useCardRuntime(): CardRuntime {
  const runtime = useContext(Context)
  if (!runtime) throw new Error('useCardRuntime outside a dashboard')
  return runtime
}
