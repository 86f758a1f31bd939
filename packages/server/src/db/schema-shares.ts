import type { Generated, Selectable } from 'kysely'

/** System DB tables of dashboard sharing (migration 0007-dashboard-shares); part of `SystemDatabase`. */
export interface ShareTables {
  dashboard_shares: DashboardSharesTable
}

export interface DashboardSharesTable {
  id: string
  dashboard_id: string
  /** SHA-256 of the link's token; the token itself is never stored. */
  token_hash: string
  hint: string
  label: Generated<string>
  /** JSON: `LockedFilters` of contracts. */
  locked_filters: unknown
  created_by: string
  created_at: Generated<Date>
  expires_at: Date | null
  revoked_at: Date | null
  revoked_by: string | null
  last_used_at: Date | null
}
export type DbDashboardShare = Selectable<DashboardSharesTable>
