import type pg from 'pg'
import type { VaultConfig } from './config'
import { formatLsn, parseLsn } from './lsn'
import { quoteIdent as q } from './replication/stream'
import type { SourceColumn } from './vault/catalog'

export interface Checkpoint {
  slotName: string
  lsn: bigint
  commitTime: Date | null
  updatedAt: Date
  changesTotal: number
  changesPerSecond: number
}

export async function readCheckpoint(
  target: pg.ClientBase,
  schema: string,
  slot: string,
): Promise<Checkpoint | null> {
  const exists = await target.query(`SELECT to_regclass($1) AS t`, [`${q(schema)}.pipeline_checkpoint`])
  if (exists.rows[0].t === null) return null
  const res = await target.query(
    `SELECT slot_name, lsn::text AS lsn, commit_time, updated_at, changes_total, changes_per_s
       FROM ${q(schema)}.pipeline_checkpoint WHERE slot_name = $1`,
    [slot],
  )
  const r = res.rows[0]
  if (!r) return null
  return {
    slotName: r.slot_name,
    lsn: parseLsn(r.lsn),
    commitTime: r.commit_time,
    updatedAt: r.updated_at,
    changesTotal: Number(r.changes_total),
    changesPerSecond: Number(r.changes_per_s),
  }
}

/** Written in the same target transaction as the rows it covers: this is the exactly-once anchor. */
export function checkpointSql(schema: string): string {
  return `INSERT INTO ${q(schema)}.pipeline_checkpoint AS c (slot_name, lsn, commit_time, updated_at, changes_total, changes_per_s)
     VALUES ($1, $2::pg_lsn, $3, now(), $4, $5)
     ON CONFLICT (slot_name) DO UPDATE SET lsn = EXCLUDED.lsn, commit_time = COALESCE(EXCLUDED.commit_time, c.commit_time),
       updated_at = now(), changes_total = c.changes_total + EXCLUDED.changes_total, changes_per_s = EXCLUDED.changes_per_s`
}

export function checkpointParams(
  slot: string,
  lsn: bigint,
  commitTime: Date | null,
  changes: number,
  changesPerSecond: number,
): unknown[] {
  return [slot, formatLsn(lsn), commitTime, changes, changesPerSecond]
}

/** Written in the same target transaction as the rows it covers: this is the exactly-once anchor. */
export async function writeCheckpoint(
  target: pg.ClientBase,
  schema: string,
  cp: { slotName: string; lsn: bigint; commitTime: Date | null; changes: number; changesPerSecond: number },
): Promise<void> {
  await target.query(
    checkpointSql(schema),
    checkpointParams(cp.slotName, cp.lsn, cp.commitTime, cp.changes, cp.changesPerSecond),
  )
}

export async function readRelations(
  target: pg.ClientBase,
  schema: string,
): Promise<Map<string, SourceColumn[]>> {
  const res = await target.query(`SELECT source, columns FROM ${q(schema)}.pipeline_relations`)
  return new Map(res.rows.map((r) => [r.source as string, r.columns as SourceColumn[]]))
}

export async function writeRelation(
  target: pg.ClientBase,
  schema: string,
  source: string,
  columns: SourceColumn[],
): Promise<void> {
  await target.query(
    `INSERT INTO ${q(schema)}.pipeline_relations (source, columns, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (source) DO UPDATE SET columns = EXCLUDED.columns, updated_at = now()`,
    [source, JSON.stringify(columns)],
  )
}

export async function readQuarantine(target: pg.ClientBase, schema: string): Promise<Map<string, string>> {
  const res = await target.query(`SELECT source, reason FROM ${q(schema)}.pipeline_quarantine`)
  return new Map(res.rows.map((r) => [r.source as string, r.reason as string]))
}

export async function quarantine(
  target: pg.ClientBase,
  schema: string,
  source: string,
  reason: string,
  details: Record<string, unknown>,
): Promise<void> {
  await target.query(
    `INSERT INTO ${q(schema)}.pipeline_quarantine (source, reason, details) VALUES ($1, $2, $3)
     ON CONFLICT (source) DO NOTHING`,
    [source, reason, JSON.stringify(details)],
  )
}

export async function recordAlert(
  target: pg.ClientBase,
  schema: string,
  alert: { code: string; source: string | null; message: string },
): Promise<void> {
  await target.query(`INSERT INTO ${q(schema)}.pipeline_alerts (code, source, message) VALUES ($1, $2, $3)`, [
    alert.code,
    alert.source,
    alert.message,
  ])
}

export function hubTypesFrom(
  config: VaultConfig,
  relations: Map<string, SourceColumn[]>,
): Map<string, string[]> {
  const types = new Map<string, string[]>()
  const typeOf = (source: string, col: string) =>
    relations.get(source)?.find((c) => c.name === col)?.type ?? 'text'
  for (const t of config.tables)
    if (!types.has(t.hub))
      types.set(
        t.hub,
        t.keyColumns.map((c) => typeOf(t.source, c)),
      )
  for (const t of config.tables)
    for (const l of t.links)
      for (const lh of l.hubs)
        if (!types.has(lh.hub))
          types.set(
            lh.hub,
            lh.columns.map((c) => typeOf(t.source, c)),
          )
  return types
}
