import pg from 'pg'
import type { VaultConfig } from './config'
import { type ConnectionSpec, clientConfig, connect, RAW_TEXT } from './connections'
import { PipelineError } from './errors'
import { type Logger, stderrLogger } from './log'
import { formatLsn, parseLsn } from './lsn'
import { quoteIdent as q } from './replication/stream'
import { hubTypesFrom, writeCheckpoint, writeRelation } from './state'
import { readSourceCatalog } from './vault/catalog'
import { literal, metaDdl, vaultDdl } from './vault/ddl'
import { bindRelation, VaultWriter } from './vault/writer'

export interface InitOptions {
  source: ConnectionSpec
  target: ConnectionSpec
  config: VaultConfig
  slot: string
  publication: string
  log?: Logger
  /** Rows fetched from the snapshot per round trip. */
  fetchRows?: number
}

export interface InitResult {
  consistentPoint: bigint
  rowsCopied: number
}

/**
 * Creates the vault, the slot and the initial load. The slot exports a snapshot at its consistent
 * point; the tables are read under that snapshot and loaded, with the checkpoint set to the
 * consistent point, in ONE target transaction: a crash leaves either nothing or a complete start.
 */
export async function init(opts: InitOptions): Promise<InitResult> {
  const log = opts.log ?? stderrLogger
  const config = opts.config
  const source = await connect(opts.source)
  const target = await connect(opts.target)
  await target.query('SET synchronous_commit = on')
  const repl = new pg.Client({ ...clientConfig(opts.source), replication: 'database' } as pg.ClientConfig)
  let replConnected = false
  try {
    const slot = await source.query(`SELECT 1 FROM pg_replication_slots WHERE slot_name = $1`, [opts.slot])
    if (slot.rows.length > 0)
      throw new PipelineError('PIPELINE_SLOT_EXISTS', `slot ${opts.slot} already exists; use resnapshot`, {
        slot: opts.slot,
      })
    const catalog = await readSourceCatalog(source, config)
    await ensurePublication(source, opts.publication, config)

    for (const sql of metaDdl(config.schema)) await target.query(sql)
    for (const sql of vaultDdl(config, catalog)) await target.query(sql)
    if (config.businessVaultSql)
      await target.query(config.businessVaultSql.replaceAll('{{schema}}', q(config.schema)))

    await repl.connect()
    replConnected = true
    const created = await repl.query(
      `CREATE_REPLICATION_SLOT ${q(opts.slot)} LOGICAL pgoutput (SNAPSHOT 'export')`,
    )
    const consistentPoint = parseLsn(created.rows[0].consistent_point)
    const snapshotName = created.rows[0].snapshot_name as string
    log({ level: 'info', msg: 'slot created', slot: opts.slot, consistentPoint: formatLsn(consistentPoint) })

    await source.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    await source.query(`SET TRANSACTION SNAPSHOT ${literal(snapshotName)}`)
    const writer = new VaultWriter(target, config, hubTypesFrom(config, catalog))
    writer.begin()
    await writer.drain()
    for (const t of config.tables)
      await writeRelation(target, config.schema, t.source, catalog.get(t.source)!)
    let rows = 0
    let seq = 0
    // Snapshot versions sort before every streamed change (those commit after the consistent point).
    const snapshotLsn = consistentPoint - 1n
    const now = new Date()
    for (const t of config.tables) {
      const columns = catalog.get(t.source)!
      const relation = bindRelation(t, columns)
      const [schema, table] = t.source.split('.') as [string, string]
      await source.query(
        `DECLARE snap NO SCROLL CURSOR FOR SELECT ${columns.map((c) => q(c.name)).join(', ')}
           FROM ${q(schema)}.${q(table)}`,
      )
      let tableRows = 0
      for (;;) {
        const batch = await source.query({
          text: `FETCH ${opts.fetchRows ?? 10_000} FROM snap`,
          rowMode: 'array',
          types: RAW_TEXT,
        })
        if (batch.rows.length === 0) break
        for (const values of batch.rows as (string | null)[][]) {
          const flushing = writer.add({
            relation,
            op: 'insert',
            values,
            old: null,
            lsn: snapshotLsn,
            seq: seq++,
            commitTime: now,
          })
          if (flushing) await flushing
        }
        tableRows += batch.rows.length
        log({ level: 'info', msg: 'snapshot progress', table: t.source, rows: tableRows })
      }
      await source.query('CLOSE snap')
      rows += tableRows
    }
    await writer.drain()
    await writeCheckpoint(target, config.schema, {
      slotName: opts.slot,
      lsn: consistentPoint,
      commitTime: null,
      changes: 0,
      changesPerSecond: 0,
    })
    await target.query('COMMIT')
    await source.query('COMMIT')
    log({ level: 'info', msg: 'snapshot loaded', slot: opts.slot, rows })
    return { consistentPoint, rowsCopied: rows }
  } catch (err) {
    await target.query('ROLLBACK').catch(() => undefined)
    // A slot without its snapshot in the vault would make the next run look consistent: drop it.
    if (replConnected) {
      await repl.end().catch(() => undefined)
      replConnected = false
      if (!(err instanceof PipelineError && err.code === 'PIPELINE_SLOT_EXISTS'))
        await source
          .query(
            `SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1`,
            [opts.slot],
          )
          .catch(() => undefined)
    }
    throw err
  } finally {
    if (replConnected) await repl.end().catch(() => undefined)
    await source.end().catch(() => undefined)
    await target.end().catch(() => undefined)
  }
}

async function ensurePublication(
  source: pg.ClientBase,
  publication: string,
  config: VaultConfig,
): Promise<void> {
  const res = await source.query(`SELECT 1 FROM pg_publication WHERE pubname = $1`, [publication])
  if (res.rows.length > 0) return
  const tables = config.tables.map((t) => {
    const [s, n] = t.source.split('.') as [string, string]
    return `${q(s)}.${q(n)}`
  })
  await source.query(`CREATE PUBLICATION ${q(publication)} FOR TABLE ${tables.join(', ')}`)
}

export interface ResnapshotOptions extends InitOptions {}

/**
 * Starts over: drops the slot and the vault schema (the source has no history to rebuild it from),
 * then runs init. Used after a gap or a quarantine.
 */
export async function resnapshot(opts: ResnapshotOptions): Promise<InitResult> {
  await dropPipeline(opts)
  return init(opts)
}

export async function dropPipeline(opts: {
  source: ConnectionSpec
  target: ConnectionSpec
  config: VaultConfig
  slot: string
}) {
  const source = await connect(opts.source)
  const target = await connect(opts.target)
  try {
    await source.query(
      `SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1`,
      [opts.slot],
    )
    await target.query(`DROP SCHEMA IF EXISTS ${q(opts.config.schema)} CASCADE`)
  } finally {
    await source.end().catch(() => undefined)
    await target.end().catch(() => undefined)
  }
}
