/**
 * Where cached query results live. Values are opaque strings (the serialized result); `tags` let one call
 * drop every entry of a source or a dataset. Both stores pass `cache-store.conformance.ts`.
 */
export interface CacheStore {
  readonly kind: 'memory' | 'redis'
  get(key: string): Promise<string | null>
  set(key: string, value: string, ttlMs: number, tags: readonly string[]): Promise<void>
  /** Deletes every entry stored with this tag; returns how many. */
  invalidateTag(tag: string): Promise<number>
  close(): Promise<void>
}
