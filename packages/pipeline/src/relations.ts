import type pg from 'pg'
import type { TableConfig, VaultConfig } from './config'
import type { Logger } from './log'
import type { RelationMessage } from './pgoutput/messages'
import { quoteIdent as q } from './replication/stream'
import { quarantine, recordAlert, writeRelation } from './state'
import type { SourceColumn } from './vault/catalog'
import { vaultType } from './vault/catalog'
import { currentViewDdl } from './vault/ddl'
import type { BoundRelation } from './vault/writer'
import { bindRelation } from './vault/writer'

export interface RelationTrackerOptions {
  target: pg.ClientBase
  config: VaultConfig
  /** Columns per source table as last seen (pipeline_relations). */
  known: Map<string, SourceColumn[]>
  /** Quarantined source tables and why (pipeline_quarantine). */
  quarantined: Map<string, string>
  log: Logger
  /** Called for every alert raised, with the quarantine reason as `kind`. */
  onAlert?: ((kind: string, table: string) => void) | null
}

export interface TargetTxn {
  /** Opens the batch's target transaction if it is not open yet. */
  ensure(): Promise<void>
  /** Writes buffered rows (before a DDL changes the tables they go to). */
  flush(): Promise<void>
}

/**
 * Follows the source schema as pgoutput announces it. A new column evolves the table's satellite;
 * a dropped, renamed or retyped column (or a TRUNCATE) quarantines the table and the others go on.
 * All decisions are written in the batch's target transaction, so a crash replays them consistently.
 */
export class RelationTracker {
  private readonly byId = new Map<number, BoundRelation | null>()
  private readonly tables: Map<string, TableConfig>
  private readonly target: pg.ClientBase
  private readonly config: VaultConfig
  private readonly known: Map<string, SourceColumn[]>
  private readonly quarantined: Map<string, string>
  private readonly log: Logger
  private readonly onAlert: ((kind: string, table: string) => void) | null

  constructor(opts: RelationTrackerOptions) {
    this.target = opts.target
    this.config = opts.config
    this.known = opts.known
    this.quarantined = opts.quarantined
    this.log = opts.log
    this.onAlert = opts.onAlert ?? null
    this.tables = new Map(opts.config.tables.map((t) => [t.source, t]))
  }

  get(relationId: number): BoundRelation | null {
    return this.byId.get(relationId) ?? null
  }

  quarantinedTables(): string[] {
    return [...this.quarantined.keys()]
  }

  async onRelation(msg: RelationMessage, txn: TargetTxn): Promise<void> {
    const source = `${msg.schema}.${msg.table}`
    const table = this.tables.get(source)
    if (!table || this.quarantined.has(source)) {
      this.byId.set(msg.relationId, null)
      return
    }
    const known = this.known.get(source) ?? []
    const incoming = new Map(msg.columns.map((c) => [c.name, c]))
    for (const k of known) {
      const now = incoming.get(k.name)
      if (!now) {
        await this.quarantine(
          txn,
          msg.relationId,
          source,
          'column_removed',
          `column ${k.name} was dropped or renamed`,
        )
        return
      }
      if (now.typeOid !== k.typeOid || now.typeMod !== k.typeMod) {
        await this.quarantine(
          txn,
          msg.relationId,
          source,
          'type_changed',
          `column ${k.name} changed its type`,
        )
        return
      }
    }
    const knownNames = new Set(known.map((k) => k.name))
    const added = msg.columns.filter((c) => !knownNames.has(c.name))
    let columns = known
    if (added.length > 0) {
      await txn.ensure()
      await txn.flush()
      const fresh: SourceColumn[] = []
      for (const c of added) {
        const res = await this.target.query(`SELECT format_type($1, $2) AS t`, [c.typeOid, c.typeMod])
        fresh.push({
          name: c.name,
          type: vaultType(res.rows[0].t, c.typeOid),
          typeOid: c.typeOid,
          typeMod: c.typeMod,
        })
      }
      const sat = table.satellites.find((s) => s.evolve) ?? null
      if (sat) {
        for (const c of fresh) {
          await this.target.query(
            `ALTER TABLE ${q(this.config.schema)}.${q(sat.name)} ADD COLUMN IF NOT EXISTS ${q(c.name)} ${c.type}`,
          )
          if (!sat.columns.includes(c.name)) sat.columns.push(c.name)
        }
        await this.target.query(currentViewDdl(this.config.schema, table, sat))
      }
      columns = [...known, ...fresh]
      await writeRelation(this.target, this.config.schema, source, columns)
      this.known.set(source, columns)
      this.log({
        level: 'info',
        msg: 'satellite evolved',
        table: source,
        satellite: sat?.name ?? null,
        columns: fresh.map((c) => c.name),
      })
    }
    // Tuples arrive in the order of the Relation message, not of our stored list.
    const ordered = msg.columns.map((c) => columns.find((k) => k.name === c.name)!)
    this.byId.set(msg.relationId, bindRelation(table, ordered))
  }

  async onTruncate(relationIds: number[], txn: TargetTxn): Promise<void> {
    for (const id of relationIds) {
      const rel = this.byId.get(id)
      if (!rel) continue
      await this.quarantine(
        txn,
        id,
        rel.table.source,
        'truncate',
        'TRUNCATE is refused: the vault keeps history',
      )
    }
  }

  private async quarantine(txn: TargetTxn, id: number, source: string, reason: string, message: string) {
    await txn.ensure()
    await txn.flush()
    await quarantine(this.target, this.config.schema, source, reason, { message })
    const code = reason === 'truncate' ? 'PIPELINE_TRUNCATE_REFUSED' : 'PIPELINE_TABLE_QUARANTINED'
    await recordAlert(this.target, this.config.schema, { code, source, message })
    this.quarantined.set(source, reason)
    this.byId.set(id, null)
    this.onAlert?.(reason, source)
    this.log({
      level: 'error',
      alert: true,
      code,
      table: source,
      reason,
      msg: `${source} quarantined: ${message}`,
    })
  }
}
