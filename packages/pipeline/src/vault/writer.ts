import type pg from 'pg'
import type { SatelliteConfig, TableConfig, VaultConfig } from '../config'
import { linkRole, recordSourceOf, statusSatelliteName } from '../config'
import { RAW_TEXT } from '../connections'
import { hashDiff, hashKey } from '../hashing'
import type { TupleValue } from '../pgoutput/messages'
import { UNCHANGED_TOAST } from '../pgoutput/messages'
import { quoteIdent as q } from '../replication/stream'
import type { SourceColumn } from './catalog'

/** A configured source table as currently seen on the wire: column positions and types. */
export interface BoundRelation {
  table: TableConfig
  columns: SourceColumn[]
  index: Map<string, number>
}

export function bindRelation(table: TableConfig, columns: SourceColumn[]): BoundRelation {
  return { table, columns, index: new Map(columns.map((c, i) => [c.name, i])) }
}

export interface Change {
  relation: BoundRelation
  op: 'insert' | 'update' | 'delete'
  /** New row (insert, update). */
  values: TupleValue[] | null
  /** Old key or old row (delete; update when the key changed or identity is FULL). */
  old: TupleValue[] | null
  /** Ordering of versions: the source transaction's commit LSN, then the change's position in it. */
  lsn: bigint
  seq: number
  commitTime: Date
}

interface SatVersion {
  hashdiff: Buffer
  values: (string | null)[]
}

interface SatBatch {
  sat: SatelliteConfig
  relation: BoundRelation
  hk: Buffer[]
  lsn: string[]
  seq: number[]
  ts: string[]
  hd: Buffer[]
  cols: (string | null)[][]
}

interface StatusBatch {
  table: TableConfig
  hk: Buffer[]
  lsn: string[]
  seq: number[]
  ts: string[]
}

// Satellite versions remembered between flushes so that consecutive updates of one key need no
// lookup; cleared when it grows past this or when a target transaction rolls back.
const CACHE_LIMIT = 50_000
const MAX_INFLIGHT_ROWS = 40_000

/**
 * Turns ordered changes into insert-only vault rows inside the caller's open target transaction.
 * Every change of a satellite's columns becomes its own version (intermediate ones included);
 * unchanged TOAST values are taken from the previous version of the same key.
 */
export class VaultWriter {
  private buffer: Change[] = []
  private readonly satCache = new Map<string, Map<string, SatVersion>>()
  // Hub and link keys already written: they are insert-only and immutable, so a key seen once never
  // needs another ON CONFLICT probe. Valid only while this writer's transactions commit (see reset).
  private readonly knownKeys = new Map<string, Set<string>>()
  private readonly hubTypes: Map<string, string[]>
  rowsWritten = 0

  constructor(
    private readonly client: pg.ClientBase,
    private readonly config: VaultConfig,
    hubTypes: Map<string, string[]>,
    private readonly chunkRows = 5000,
  ) {
    this.hubTypes = hubTypes
  }

  private inflight: Promise<void>[] = []
  private inflightRows: number[] = []
  private failure: Error | null = null

  get pending(): number {
    return this.buffer.length
  }

  async add(change: Change): Promise<void> {
    this.buffer.push(change)
    if (this.buffer.length >= this.chunkRows) await this.flush()
  }

  /**
   * Waits until every row handed to PostgreSQL is written; the caller commits only after this.
   * Writes are sent without waiting so that decoding and hashing of the next chunk overlap with
   * PostgreSQL inserting the previous one (pg queues them in order on the one connection).
   */
  async drain(): Promise<void> {
    await this.flush()
    const all = this.inflight
    this.inflight = []
    this.inflightRows = []
    await Promise.all(all)
    if (this.failure) throw this.failure
  }

  /** Queues a statement of the open transaction without waiting for it. */
  enqueue(text: string, values: unknown[]): void {
    this.send(text, values)
  }

  /**
   * Queues COMMIT after everything sent so far; resolves once it has committed. PostgreSQL answers
   * COMMIT of a failed transaction with ROLLBACK and no error, so both are checked here.
   */
  commit(): Promise<void> {
    const pending = this.inflight
    this.inflight = []
    this.inflightRows = []
    const done = this.client.query('COMMIT')
    done.catch(() => undefined)
    return Promise.all(pending).then(async () => {
      const res = await done
      if (this.failure) throw this.failure
      if (res.command !== 'COMMIT') throw new Error(`target transaction ended with ${res.command}`)
    })
  }

  private send(text: string, values: unknown[]): void {
    this.inflightRows.push(Array.isArray(values[0]) ? values[0].length : 1)
    this.inflight.push(
      this.client.query(text, values).then(
        () => undefined,
        (err: Error) => {
          this.failure ??= err
        },
      ),
    )
  }

  /** Forgets cached versions: they may describe rows of a rolled-back target transaction. */
  reset(): void {
    this.inflight = []
    this.inflightRows = []
    this.failure = null
    this.buffer = []
    this.satCache.clear()
    this.knownKeys.clear()
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure
    if (this.buffer.length === 0) return
    // Rows waiting in pg's queue are bounded (their parameters are memory), but deep enough that
    // hashing here overlaps with PostgreSQL inserting.
    while (this.inflightRows.reduce((a, b) => a + b, 0) > MAX_INFLIGHT_ROWS) {
      this.inflightRows.shift()
      await this.inflight.shift()
    }
    const changes = this.buffer
    this.buffer = []
    const hubs = new Map<string, Map<string, { hk: Buffer; bk: (string | null)[]; rs: string }>>()
    const links = new Map<string, Map<string, { hk: Buffer; parts: Buffer[]; rs: string }>>()
    const sats = new Map<string, SatBatch>()
    const statuses = new Map<string, StatusBatch>()
    const addHub = (hub: string, hk: Buffer, bk: (string | null)[], rs: string) => {
      const hex = hk.toString('hex')
      if (this.known(hub).has(hex)) return
      const m = upsert(hubs, hub, () => new Map())
      if (!m.has(hex)) m.set(hex, { hk, bk, rs })
    }
    const addStatus = (c: Change, hk: Buffer) => {
      const name = statusSatelliteName(c.relation.table)
      const b = upsert(statuses, name, () => ({ table: c.relation.table, hk: [], lsn: [], seq: [], ts: [] }))
      b.hk.push(hk)
      b.lsn.push(c.lsn.toString())
      b.seq.push(c.seq)
      b.ts.push(c.commitTime.toISOString())
    }

    const keyed = changes.map((c) => {
      const t = c.relation.table
      const src = c.op === 'delete' ? c.old! : c.values!
      const bk = t.keyColumns.map((k) => text(src, c.relation.index.get(k)))
      let oldHk: Buffer | null = null
      if (c.op === 'update' && c.old && c.relation.table.keyColumns.every((k) => c.relation.index.has(k))) {
        const oldBk = t.keyColumns.map((k) => text(c.old!, c.relation.index.get(k)))
        if (oldBk.some((v, i) => v !== bk[i])) oldHk = hashKey(oldBk)
      }
      return { c, bk, hk: hashKey(bk), oldHk }
    })
    await this.prefetch(keyed)

    for (const { c, bk, hk, oldHk } of keyed) {
      const t = c.relation.table
      const rs = recordSourceOf(t)
      if (c.op === 'delete') {
        addStatus(c, hk)
        continue
      }
      if (oldHk) addStatus(c, oldHk)
      addHub(t.hub, hk, bk, rs)
      const values = c.values!
      for (const l of t.links) {
        const parts: Buffer[] = []
        const allBk: (string | null)[] = []
        let complete = true
        for (const lh of l.hubs) {
          const lbk = lh.columns.map((col) => text(values, c.relation.index.get(col)))
          if (lbk.some((v) => v === null)) complete = false
          const lhk = hashKey(lbk)
          if (complete) addHub(lh.hub, lhk, lbk, rs)
          parts.push(lhk)
          allBk.push(...lbk)
        }
        if (!complete) continue
        const lk = hashKey(allBk)
        const hex = lk.toString('hex')
        if (this.known(l.name).has(hex)) continue
        const m = upsert(links, l.name, () => new Map())
        if (!m.has(hex)) m.set(hex, { hk: lk, parts, rs })
      }
      const hex = hk.toString('hex')
      for (const sat of t.satellites) {
        const cache = this.cacheOf(sat.name)
        const prev = cache.get(hex) ?? null
        const vals = sat.columns.map((col, i) => {
          const pos = c.relation.index.get(col)
          const v = pos === undefined ? null : values[pos]
          if (v === UNCHANGED_TOAST) return prev ? (prev.values[i] ?? null) : null
          return v ?? null
        })
        const hd = hashDiff(vals)
        // An update that leaves this satellite's columns as they were is not a new version.
        if (c.op === 'update' && !oldHk && prev?.hashdiff.equals(hd)) continue
        if (cache.size >= CACHE_LIMIT) cache.clear()
        cache.set(hex, { hashdiff: hd, values: vals })
        const b = upsert(sats, sat.name, () => ({
          sat,
          relation: c.relation,
          hk: [],
          lsn: [],
          seq: [],
          ts: [],
          hd: [],
          cols: sat.columns.map(() => []),
        }))
        b.relation = c.relation
        b.hk.push(hk)
        b.lsn.push(c.lsn.toString())
        b.seq.push(c.seq)
        b.ts.push(c.commitTime.toISOString())
        b.hd.push(hd)
        for (let i = 0; i < vals.length; i++) b.cols[i]!.push(vals[i] ?? null)
      }
    }

    const s = q(this.config.schema)
    for (const [hub, rows] of hubs) {
      const h = this.config.hubs.find((x) => x.name === hub)!
      const types = this.hubTypes.get(hub) ?? h.businessKeys.map(() => 'text')
      const list = [...rows.values()]
      const params: unknown[] = [list.map((r) => r.hk), list.map((r) => r.rs)]
      for (let i = 0; i < h.businessKeys.length; i++) params.push(list.map((r) => r.bk[i]))
      this.send(
        `INSERT INTO ${s}.${q(hub)} (hk, record_source, load_date, ${h.businessKeys.map(q).join(', ')})
         SELECT u.hk, u.rs, now(), ${h.businessKeys.map((_, i) => `u.b${i}::${types[i]}`).join(', ')}
           FROM unnest($1::bytea[], $2::text[], ${h.businessKeys.map((_, i) => `$${i + 3}::text[]`).join(', ')})
             AS u(hk, rs, ${h.businessKeys.map((_, i) => `b${i}`).join(', ')})
         ON CONFLICT (hk) DO NOTHING`,
        params,
      )
      this.remember(hub, rows.keys())
      this.rowsWritten += list.length
    }
    for (const [name, rows] of links) {
      const l = this.config.tables.flatMap((t) => t.links).find((x) => x.name === name)!
      const roles = l.hubs.map(linkRole)
      const list = [...rows.values()]
      const params: unknown[] = [list.map((r) => r.hk), list.map((r) => r.rs)]
      for (let i = 0; i < roles.length; i++) params.push(list.map((r) => r.parts[i]))
      this.send(
        `INSERT INTO ${s}.${q(name)} (hk, record_source, load_date, ${roles.map((r) => q(`${r}_hk`)).join(', ')})
         SELECT u.hk, u.rs, now(), ${roles.map((_, i) => `u.h${i}`).join(', ')}
           FROM unnest($1::bytea[], $2::text[], ${roles.map((_, i) => `$${i + 3}::bytea[]`).join(', ')})
             AS u(hk, rs, ${roles.map((_, i) => `h${i}`).join(', ')})
         ON CONFLICT (hk) DO NOTHING`,
        params,
      )
      this.remember(name, rows.keys())
      this.rowsWritten += list.length
    }
    for (const b of sats.values()) {
      const types = b.sat.columns.map((col) => b.relation.columns.find((x) => x.name === col)?.type ?? 'text')
      const colSql = b.sat.columns.map((_, i) => `u.c${i}::${types[i]}`)
      this.send(
        `INSERT INTO ${s}.${q(b.sat.name)} (hk, lsn, seq, source_ts, hashdiff, load_date, record_source,
                                            ${b.sat.columns.map(q).join(', ')})
         SELECT u.hk, u.lsn, u.seq, u.ts, u.hd, now(), $6, ${colSql.join(', ')}
           FROM unnest($1::bytea[], $2::int8[], $3::int4[], $4::timestamptz[], $5::bytea[],
                       ${b.sat.columns.map((_, i) => `$${i + 7}::text[]`).join(', ')})
             AS u(hk, lsn, seq, ts, hd, ${b.sat.columns.map((_, i) => `c${i}`).join(', ')})`,
        [b.hk, b.lsn, b.seq, b.ts, b.hd, recordSourceOf(b.relation.table), ...b.cols],
      )
      this.rowsWritten += b.hk.length
    }
    for (const [name, b] of statuses) {
      this.send(
        `INSERT INTO ${s}.${q(name)} (hk, lsn, seq, source_ts, is_deleted, load_date, record_source)
         SELECT u.hk, u.lsn, u.seq, u.ts, true, now(), $5
           FROM unnest($1::bytea[], $2::int8[], $3::int4[], $4::timestamptz[]) AS u(hk, lsn, seq, ts)`,
        [b.hk, b.lsn, b.seq, b.ts, recordSourceOf(b.table)],
      )
      this.rowsWritten += b.hk.length
    }
  }

  private known(table: string): Set<string> {
    return upsert(this.knownKeys, table, () => new Set<string>())
  }

  private remember(table: string, keys: Iterable<string>): void {
    const set = this.known(table)
    if (set.size >= CACHE_LIMIT * 4) set.clear()
    for (const k of keys) set.add(k)
  }

  private cacheOf(sat: string): Map<string, SatVersion> {
    return upsert(this.satCache, sat, () => new Map())
  }

  /** Loads the latest stored version of every updated key the cache does not know. */
  private async prefetch(keyed: { c: Change; hk: Buffer; oldHk: Buffer | null }[]): Promise<void> {
    const wanted = new Map<string, { sat: SatelliteConfig; hks: Map<string, Buffer> }>()
    for (const { c, hk } of keyed) {
      if (c.op !== 'update') continue
      const hex = hk.toString('hex')
      for (const sat of c.relation.table.satellites) {
        if (this.cacheOf(sat.name).has(hex)) continue
        const w = upsert(wanted, sat.name, () => ({ sat, hks: new Map<string, Buffer>() }))
        w.hks.set(hex, hk)
      }
    }
    const s = q(this.config.schema)
    for (const { sat, hks } of wanted.values()) {
      const res = await this.client.query({
        text: `SELECT DISTINCT ON (hk) encode(hk, 'hex'), hashdiff, ${sat.columns.map(q).join(', ')}
                 FROM ${s}.${q(sat.name)} WHERE hk = ANY($1::bytea[]) ORDER BY hk, lsn DESC, seq DESC`,
        values: [[...hks.values()]],
        rowMode: 'array',
        types: RAW_TEXT,
      })
      const cache = this.cacheOf(sat.name)
      if (cache.size + res.rows.length >= CACHE_LIMIT) cache.clear()
      for (const row of res.rows as unknown[][]) {
        cache.set(row[0] as string, {
          hashdiff: Buffer.from((row[1] as string).slice(2), 'hex'),
          values: row.slice(2) as (string | null)[],
        })
      }
    }
  }
}

function text(values: TupleValue[], pos: number | undefined): string | null {
  if (pos === undefined) return null
  const v = values[pos]
  if (v === UNCHANGED_TOAST || v === undefined) return null
  return v
}

function upsert<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key)
  if (v === undefined) {
    v = make()
    map.set(key, v)
  }
  return v
}
