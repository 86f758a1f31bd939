import type { SatelliteConfig } from '../config'
import { RAW_TEXT } from '../connections'
import { quoteIdent as q } from '../replication/stream'
import { byteaArray } from './pg-binary'
import type { TargetQueue } from './target-queue'
import { type SatVersion, VersionCache } from './version-cache'
import type { Change } from './writer'

// Lookups are sent once this many keys wait, so they run on the target while the chunk fills.
const LOOKUP_BATCH = 256

/**
 * The latest satellite version per key, as the writer needs it for the next change of that key: an
 * LRU cache per satellite, and lookups in the vault for keys it does not hold. A lookup is queued on
 * the target connection as soon as a change of an uncached key is buffered, not when the chunk is
 * written: it then runs while the chunk fills, instead of stalling the chunk behind everything
 * queued before it (a fresh loader, or a source with more hot keys than the cache holds, missed on
 * almost every update and waited ~100 ms per chunk).
 */
export class SatelliteVersions {
  private readonly caches = new Map<string, VersionCache>()
  /** Keys of the buffered changes, per satellite: their previous version comes from the buffer. */
  private readonly seen = new Map<string, Set<string>>()
  private readonly wanted = new Map<string, { sat: SatelliteConfig; keys: string[] }>()
  private wantedCount = 0
  private lookups: Promise<void>[] = []
  private readonly found: { sat: string; key: string; version: SatVersion }[] = []

  constructor(
    private readonly queue: TargetQueue,
    private readonly schema: string,
    private readonly cacheLimit: number,
    private readonly hashOf: (key: string) => Buffer,
  ) {}

  cache(sat: string): VersionCache {
    let cache = this.caches.get(sat)
    if (!cache) {
      cache = new VersionCache(this.cacheLimit)
      this.caches.set(sat, cache)
    }
    return cache
  }

  /** For each change as it is buffered: an update of a key neither cached nor buffered is looked up. */
  note(c: Change, key: string): void {
    if (c.op === 'delete') return
    for (const { sat } of c.relation.sats) {
      let seen = this.seen.get(sat.name)
      if (!seen) {
        seen = new Set()
        this.seen.set(sat.name, seen)
      }
      if (seen.has(key)) continue
      seen.add(key)
      if (c.op !== 'update' || this.cache(sat.name).has(key)) continue
      let w = this.wanted.get(sat.name)
      if (!w) {
        w = { sat, keys: [] }
        this.wanted.set(sat.name, w)
      }
      w.keys.push(key)
      if (++this.wantedCount >= LOOKUP_BATCH) this.sendLookups()
    }
  }

  /**
   * Before the buffered changes are written: waits for their lookups, marks the keys they use as
   * recent and evicts others — never a key of this chunk (see VersionCache).
   */
  async prepare(changes: Change[], keys: string[]): Promise<void> {
    this.sendLookups()
    const pending = this.lookups
    this.lookups = []
    await Promise.all(pending)
    this.queue.throwIfFailed()
    for (const f of this.found) this.cache(f.sat).set(f.key, f.version)
    this.found.length = 0
    const inUse = new Map<string, Set<string>>()
    for (let i = 0; i < changes.length; i++) {
      const c = changes[i]!
      if (c.op === 'delete') continue
      for (const { sat } of c.relation.sats) {
        let used = inUse.get(sat.name)
        if (!used) {
          used = new Set()
          inUse.set(sat.name, used)
        }
        if (used.has(keys[i]!)) continue
        used.add(keys[i]!)
        this.cache(sat.name).touch(keys[i]!)
      }
    }
    for (const [sat, used] of inUse) this.cache(sat).trim(used)
    this.seen.clear()
  }

  private sendLookups(): void {
    for (const { sat, keys } of this.wanted.values()) this.lookups.push(this.lookup(sat, keys))
    this.wanted.clear()
    this.wantedCount = 0
  }

  /** The latest stored version of each key: one backward index probe per key on (hk, lsn, seq). */
  private async lookup(sat: SatelliteConfig, keys: string[]): Promise<void> {
    const byHex = new Map(keys.map((k) => [this.hashOf(k).toString('hex'), k]))
    const s = q(this.schema)
    const res = await this.queue
      .query({
        text: `SELECT encode(k.hk, 'hex'), v.*
                 FROM unnest($1::bytea[]) AS k(hk)
                 CROSS JOIN LATERAL (
                   SELECT hashdiff, ${sat.columns.map(q).join(', ')} FROM ${s}.${q(sat.name)} x
                    WHERE x.hk = k.hk ORDER BY x.lsn DESC, x.seq DESC LIMIT 1) v`,
        values: [byteaArray(keys.map((k) => this.hashOf(k)))],
        rowMode: 'array',
        types: RAW_TEXT,
      })
      .catch(() => null) // the queue keeps the failure; prepare rethrows it
    for (const row of res?.rows ?? []) {
      this.found.push({
        sat: sat.name,
        key: byHex.get(row[0] as string)!,
        version: {
          hashdiff: Buffer.from((row[1] as string).slice(2), 'hex'),
          values: row.slice(2) as (string | null)[],
        },
      })
    }
  }
}
