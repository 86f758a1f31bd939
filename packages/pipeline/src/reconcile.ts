import type pg from 'pg'
import type { VaultConfig } from './config'
import { statusSatelliteName } from './config'
import { type ConnectionSpec, connect, RAW_TEXT } from './connections'
import { hashDiff, hashKey } from './hashing'
import { quoteIdent as q } from './replication/stream'
import { currentViewName } from './vault/ddl'

export interface SatelliteReconciliation {
  table: string
  satellite: string
  sourceRows: number
  vaultRows: number
  /** Source keys absent from the vault's current state (gaps). */
  missing: number
  /** Current vault keys that no longer exist in the source (missed deletes). */
  extra: number
  /** Keys whose current hashdiff differs from the source row's. */
  mismatched: number
  /** Versions identical to the version before them of the same key (double application). */
  duplicateVersions: number
  /** Source keys without a hub row. */
  hubMissing: number
  sampleKeys: string[]
}

export interface Reconciliation {
  ok: boolean
  quarantined: string[]
  satellites: SatelliteReconciliation[]
}

export interface ReconcileOptions {
  source: ConnectionSpec
  target: ConnectionSpec
  config: VaultConfig
}

/**
 * Proves vault == source: per key, the current satellite version's hashdiff must equal the hashdiff
 * of the source row now, with no key missing or extra, and no version applied twice. Quarantined
 * tables are reported, not compared. Run it when the source is quiet and the loader has caught up.
 */
export async function reconcile(opts: ReconcileOptions): Promise<Reconciliation> {
  const source = await connect(opts.source)
  const target = await connect(opts.target)
  try {
    const s = q(opts.config.schema)
    const quarantined = (await target.query(`SELECT source FROM ${s}.pipeline_quarantine`)).rows.map(
      (r) => r.source as string,
    )
    const out: SatelliteReconciliation[] = []
    for (const t of opts.config.tables) {
      if (quarantined.includes(t.source)) continue
      const [schema, table] = t.source.split('.') as [string, string]
      for (const sat of t.satellites) {
        // The satellite's columns as they are now in the target (they may have evolved).
        const columns = await satelliteColumns(target, opts.config.schema, sat.name)
        const src = await source.query({
          text: `SELECT ${[...t.keyColumns, ...columns].map(q).join(', ')} FROM ${q(schema)}.${q(table)}`,
          rowMode: 'array',
          types: RAW_TEXT,
        })
        const expected = new Map<string, string>()
        for (const row of src.rows as (string | null)[][]) {
          const hk = hashKey(row.slice(0, t.keyColumns.length)).toString('hex')
          expected.set(hk, hashDiff(row.slice(t.keyColumns.length)).toString('hex'))
        }
        const cur = await target.query({
          text: `SELECT encode(hk, 'hex'), encode(hashdiff, 'hex') FROM ${s}.${q(currentViewName(sat))}`,
          rowMode: 'array',
        })
        const actual = new Map((cur.rows as string[][]).map((r) => [r[0]!, r[1]!]))
        let missing = 0
        let mismatched = 0
        const sampleKeys: string[] = []
        for (const [hk, hd] of expected) {
          const got = actual.get(hk)
          if (got === undefined) missing++
          else if (got !== hd) mismatched++
          else continue
          if (sampleKeys.length < 5) sampleKeys.push(hk)
        }
        const extra = [...actual.keys()].filter((hk) => !expected.has(hk)).length
        const dup = await target.query(
          `SELECT count(*)::int AS n FROM (
             SELECT v.hashdiff = lag(v.hashdiff) OVER w AS same,
                    EXISTS (SELECT 1 FROM ${s}.${q(statusSatelliteName(t))} d WHERE d.hk = v.hk
                             AND (d.lsn, d.seq) < (v.lsn, v.seq)) AS had_delete
               FROM ${s}.${q(sat.name)} v WINDOW w AS (PARTITION BY v.hk ORDER BY v.lsn, v.seq)) x
           WHERE same AND NOT had_delete`,
        )
        const hubKeys = await target.query({
          text: `SELECT encode(hk, 'hex') FROM ${s}.${q(t.hub)}`,
          rowMode: 'array',
        })
        const hubSet = new Set((hubKeys.rows as string[][]).map((r) => r[0]!))
        const hubMissing = [...expected.keys()].filter((hk) => !hubSet.has(hk)).length
        out.push({
          table: t.source,
          satellite: sat.name,
          sourceRows: expected.size,
          vaultRows: actual.size,
          missing,
          extra,
          mismatched,
          duplicateVersions: dup.rows[0].n,
          hubMissing,
          sampleKeys,
        })
      }
    }
    const ok = out.every(
      (r) =>
        r.missing === 0 &&
        r.extra === 0 &&
        r.mismatched === 0 &&
        r.duplicateVersions === 0 &&
        r.hubMissing === 0,
    )
    return { ok, quarantined, satellites: out }
  } finally {
    await source.end().catch(() => undefined)
    await target.end().catch(() => undefined)
  }
}

const META_COLUMNS = new Set(['hk', 'lsn', 'seq', 'load_date', 'record_source', 'source_ts', 'hashdiff'])

async function satelliteColumns(target: pg.ClientBase, schema: string, sat: string): Promise<string[]> {
  const res = await target.query(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2
      ORDER BY ordinal_position`,
    [schema, sat],
  )
  return res.rows.map((r) => r.column_name as string).filter((c) => !META_COLUMNS.has(c))
}
