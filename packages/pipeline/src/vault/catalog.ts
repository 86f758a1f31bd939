import type pg from 'pg'
import type { TableConfig, VaultConfig } from '../config'
import { PipelineError } from '../errors'

/** A source column as the vault knows it; `type` is PostgreSQL's format_type() text. */
export interface SourceColumn {
  name: string
  type: string
  typeOid: number
  typeMod: number
}

export type SourceCatalog = Map<string, SourceColumn[]>

/** Reads column types of every configured source table (typed vault columns mirror them). */
export async function readSourceCatalog(source: pg.ClientBase, config: VaultConfig): Promise<SourceCatalog> {
  const catalog: SourceCatalog = new Map()
  for (const t of config.tables) {
    const [schema, table] = t.source.split('.') as [string, string]
    const res = await source.query<{ name: string; type: string; oid: number; typmod: number }>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.atttypid::int AS oid,
              a.atttypmod AS typmod
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum`,
      [schema, table],
    )
    if (res.rows.length === 0)
      throw new PipelineError('PIPELINE_SOURCE_TABLE_MISSING', `source table ${t.source} does not exist`, {
        table: t.source,
      })
    const columns = res.rows.map((r) => ({
      name: r.name,
      type: vaultType(r.type, r.oid),
      typeOid: r.oid,
      typeMod: r.typmod,
    }))
    checkColumns(t, columns)
    catalog.set(t.source, columns)
  }
  return catalog
}

/** User-defined types (enums, domains) do not exist in the target, so they land as text. */
export function vaultType(type: string, oid: number): string {
  return oid >= 16384 ? 'text' : type
}

function checkColumns(t: TableConfig, columns: SourceColumn[]): void {
  const names = new Set(columns.map((c) => c.name))
  const wanted = [
    ...t.keyColumns,
    ...t.satellites.flatMap((s) => s.columns),
    ...t.links.flatMap((l) => l.hubs.flatMap((h) => h.columns)),
  ]
  const missing = wanted.filter((c) => !names.has(c))
  if (missing.length > 0)
    throw new PipelineError('PIPELINE_CONFIG_INVALID', `${t.source} has no column(s) ${missing.join(', ')}`, {
      table: t.source,
      missing,
    })
}
