/** The latest satellite version of one key, as the writer needs it for the next change. */
export interface SatVersion {
  hashdiff: Buffer
  values: (string | null)[]
}

/**
 * Latest versions per key of one satellite, least recently used first (Map keeps insertion
 * order; `touch` re-inserts the keys of the coming chunk). Eviction happens only between chunks and never takes a key the
 * coming chunk uses: a version dropped mid-chunk would turn an unchanged TOAST value into NULL and
 * a no-op update into a duplicate version.
 */
export class VersionCache {
  private readonly map = new Map<string, SatVersion>()

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.map.size
  }

  has(key: string): boolean {
    return this.map.has(key)
  }

  get(key: string): SatVersion | null {
    return this.map.get(key) ?? null
  }

  /** A new key goes last; a known one keeps its place (the chunk using it touched it already). */
  set(key: string, version: SatVersion): void {
    this.map.set(key, version)
  }

  /** Marks a key the coming chunk uses as the most recent; false if it is not cached. */
  touch(key: string): boolean {
    const v = this.map.get(key)
    if (v === undefined) return false
    this.map.delete(key)
    this.map.set(key, v)
    return true
  }

  /**
   * Evicts the least recently used versions down to the limit, stopping at the first key the coming
   * chunk uses (all of those were touched, so they come last). The cache may thus exceed its limit
   * by one chunk's keys; the next trim brings it back.
   */
  trim(inUse: ReadonlySet<string>): void {
    if (this.map.size <= this.limit) return
    for (const key of this.map.keys()) {
      if (this.map.size <= this.limit || inUse.has(key)) return
      this.map.delete(key)
    }
  }

  clear(): void {
    this.map.clear()
  }
}
