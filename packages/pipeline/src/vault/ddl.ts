import type { SatelliteConfig, TableConfig, VaultConfig } from '../config'
import { linkRole, statusSatelliteName } from '../config'
import { quoteIdent as q } from '../replication/stream'
import { hubTypesFrom } from '../state'
import type { SourceCatalog, SourceColumn } from './catalog'

/** The pipeline's own bookkeeping tables, in the target schema next to the vault. */
export function metaDdl(schema: string): string[] {
  const s = q(schema)
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.pipeline_checkpoint (
       slot_name text PRIMARY KEY,
       lsn pg_lsn NOT NULL,
       commit_time timestamptz,
       updated_at timestamptz NOT NULL DEFAULT now(),
       changes_total bigint NOT NULL DEFAULT 0,
       changes_per_s double precision NOT NULL DEFAULT 0)`,
    `CREATE TABLE IF NOT EXISTS ${s}.pipeline_relations (
       source text PRIMARY KEY,
       columns jsonb NOT NULL,
       updated_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE IF NOT EXISTS ${s}.pipeline_quarantine (
       source text PRIMARY KEY,
       reason text NOT NULL,
       details jsonb NOT NULL,
       at timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE IF NOT EXISTS ${s}.pipeline_alerts (
       id bigserial PRIMARY KEY,
       at timestamptz NOT NULL DEFAULT now(),
       code text NOT NULL,
       source text,
       message text NOT NULL)`,
  ]
}

export function satelliteDdl(
  schema: string,
  table: string,
  sat: SatelliteConfig,
  columns: SourceColumn[],
): string[] {
  const s = q(schema)
  const cols = sat.columns.map((c) => `${q(c)} ${columns.find((x) => x.name === c)?.type ?? 'text'}`)
  return [
    `CREATE TABLE IF NOT EXISTS ${s}.${q(sat.name)} (
       hk bytea NOT NULL,
       lsn bigint NOT NULL,
       seq integer NOT NULL,
       load_date timestamptz NOT NULL,
       record_source text NOT NULL,
       source_ts timestamptz NOT NULL,
       hashdiff bytea NOT NULL,
       ${cols.join(',\n       ')},
       PRIMARY KEY (hk, lsn, seq))`,
    `COMMENT ON TABLE ${s}.${q(sat.name)} IS ${literal(`satellite of ${table}; one row per change, ordered by (lsn, seq)`)}`,
    // load_date only grows (one value per batch), so a BRIN index answers "loaded since" at almost
    // no cost per insert; a btree here cost ~8% of the target's insert time (measured).
    `CREATE INDEX IF NOT EXISTS ${q(`${sat.name}_load_date`)} ON ${s}.${q(sat.name)} USING brin (load_date)`,
  ]
}

/** Current state of one satellite: the latest version per key unless a later delete exists. */
export function currentViewDdl(schema: string, t: TableConfig, sat: SatelliteConfig): string {
  const s = q(schema)
  const st = q(statusSatelliteName(t))
  return `CREATE OR REPLACE VIEW ${s}.${q(currentViewName(sat))} AS
  SELECT v.* FROM (SELECT DISTINCT ON (hk) * FROM ${s}.${q(sat.name)} ORDER BY hk, lsn DESC, seq DESC) v
   WHERE NOT EXISTS (SELECT 1 FROM ${s}.${st} d
                      WHERE d.hk = v.hk AND d.is_deleted AND (d.lsn, d.seq) > (v.lsn, v.seq))`
}

export function currentViewName(sat: SatelliteConfig): string {
  return `cur_${sat.name.replace(/^sat_/, '')}`
}

/** The raw vault: hubs, links, satellites, status satellites and current-state views. */
export function vaultDdl(config: VaultConfig, catalog: SourceCatalog): string[] {
  const s = q(config.schema)
  const out: string[] = []
  const types = hubTypesFrom(config, catalog)
  for (const h of config.hubs) {
    const ts = types.get(h.name) ?? h.businessKeys.map(() => 'text')
    const cols = h.businessKeys.map((k, i) => `${q(k)} ${ts[i]} NOT NULL`)
    out.push(`CREATE TABLE IF NOT EXISTS ${s}.${q(h.name)} (
       hk bytea PRIMARY KEY,
       ${cols.join(',\n       ')},
       load_date timestamptz NOT NULL,
       record_source text NOT NULL)`)
    out.push(
      `CREATE INDEX IF NOT EXISTS ${q(`${h.name}_bk`)} ON ${s}.${q(h.name)} (${h.businessKeys.map(q).join(', ')})`,
    )
  }
  for (const t of config.tables) {
    const columns = catalog.get(t.source) ?? []
    for (const l of t.links) {
      const roles = l.hubs.map(linkRole)
      out.push(`CREATE TABLE IF NOT EXISTS ${s}.${q(l.name)} (
       hk bytea PRIMARY KEY,
       ${roles.map((r) => `${q(`${r}_hk`)} bytea NOT NULL`).join(',\n       ')},
       load_date timestamptz NOT NULL,
       record_source text NOT NULL)`)
      // Role keys are only ever joined on by equality (link.x_hk = hub.hk). On random 32-byte keys a
      // hash index costs about a third less per insert than a btree (measured), and links are the
      // most written vault tables after satellites.
      for (const r of roles)
        out.push(
          `CREATE INDEX IF NOT EXISTS ${q(`${l.name}_${r}`)} ON ${s}.${q(l.name)} USING hash (${q(`${r}_hk`)})`,
        )
    }
    for (const sat of t.satellites) out.push(...satelliteDdl(config.schema, t.source, sat, columns))
    out.push(`CREATE TABLE IF NOT EXISTS ${s}.${q(statusSatelliteName(t))} (
       hk bytea NOT NULL,
       lsn bigint NOT NULL,
       seq integer NOT NULL,
       load_date timestamptz NOT NULL,
       record_source text NOT NULL,
       source_ts timestamptz NOT NULL,
       is_deleted boolean NOT NULL,
       PRIMARY KEY (hk, lsn, seq))`)
    for (const sat of t.satellites) out.push(currentViewDdl(config.schema, t, sat))
  }
  return out
}

export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}
