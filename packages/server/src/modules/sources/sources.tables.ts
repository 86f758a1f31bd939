import type { SourceKind } from '@vitrina/contracts'
import type { Generated, Kysely, Selectable } from 'kysely'
import type { SystemDatabase } from '../../db/schema'

/** Tables of migration 0003-sources, added to the system DB type with `withTables`. */
export type SourceTables = {
  sources: SourcesTable
  source_permissions: SourcePermissionsTable
}

export type SourcesTable = {
  id: string
  name: string
  kind: SourceKind
  /** JSON: the connection of contracts without `password`. */
  connection: unknown
  secret: string | null
  /** JSON: `SourceSettings`. */
  settings: unknown
  /** JSON: `SourceCatalogTable[]` from the last successful sync. */
  catalog: unknown
  last_sync_at: Date | null
  last_sync_error: unknown
  created_by: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}
export type DbSource = Selectable<SourcesTable>

export type SourcePermissionsTable = {
  source_id: string
  subject_type: 'user' | 'group'
  subject_id: string
  access: 'query' | 'sql'
}

export type SourcesDb = Kysely<SystemDatabase & SourceTables>

/** The same transaction, typed for repos that know only the core tables (the audit log). */
export const asSystemDb = (trx: SourcesDb): Kysely<SystemDatabase> => trx as unknown as Kysely<SystemDatabase>
