import {
  type ApiSource,
  type ApiSourceConnection,
  type SourceAccess,
  type SourceCatalogTable,
  type SourceKind,
  type SourceSettings,
  type SqlDialect,
  sourceSettingsSchema,
} from '@vitrina/contracts'
import { assertUnreachable } from '../../http/errors'
import type { DbSource } from './sources.tables'

export const settingsOf = (row: DbSource): SourceSettings => sourceSettingsSchema.parse(row.settings)

export const catalogOf = (row: DbSource): SourceCatalogTable[] | null =>
  (row.catalog as SourceCatalogTable[] | null) ?? null

/** The SQL dialect a source's queries are written in; null for Prometheus (PromQL). */
export function dialectOf(kind: SourceKind, warehouseDialect: SqlDialect): SqlDialect | null {
  switch (kind) {
    case 'warehouse':
      return warehouseDialect
    case 'postgres':
    case 'mysql':
    case 'duckdb':
      return kind
    case 'prometheus':
      return null
    default:
      return assertUnreachable(kind)
  }
}

export function presentSource(row: DbSource, access: SourceAccess, warehouseDialect: SqlDialect): ApiSource {
  const stored = row.connection as Record<string, unknown>
  const connection = (
    row.kind === 'postgres' || row.kind === 'mysql' || row.kind === 'prometheus'
      ? { ...stored, hasPassword: row.secret !== null }
      : stored
  ) as ApiSourceConnection
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    dialect: dialectOf(row.kind, warehouseDialect),
    builtIn: row.kind === 'warehouse',
    connection,
    settings: settingsOf(row),
    access,
    lastSyncAt: row.last_sync_at?.toISOString() ?? null,
    lastSyncError: (row.last_sync_error as ApiSource['lastSyncError']) ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}
