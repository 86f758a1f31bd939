import type { CachePolicy, ResultColumn } from '@vitrina/contracts'
import type { Row } from '../warehouse'
import type { CacheStore } from './cache-store'

/** A query result as the cache keeps it. */
export interface ResultBody {
  columns: ResultColumn[]
  rows: Row[]
  rowCount: number
  truncated: boolean
  durationMs: number
}

/**
 * A result served by the cache or just computed. `bodyJson` is the JSON of `ResultBody`, kept as text so a
 * hit is answered without parsing or re-serialising the rows; `body()` parses it when an object is needed.
 */
export interface CacheOutcome {
  cached: boolean
  /** When the result was computed (ms since epoch). */
  computedAt: number
  bodyJson: string
  body(): ResultBody
}

export interface CacheRequest {
  key: string
  sourceId: string
  /** Datasets the query reads: an upload to one of them drops the entry at once. */
  datasetIds: readonly string[]
  policy: CachePolicy
  /** Skip the lookup (the fresh result is stored again). */
  refresh: boolean
}

export const sourceTag = (id: string) => `source:${id}`
export const datasetTag = (id: string) => `dataset:${id}`

/** How long to keep a result under a policy; null = do not store it. */
export function retentionMs(policy: CachePolicy, durationMs: number): number | null {
  switch (policy.kind) {
    case 'none':
      return null
    case 'ttl':
      return policy.ttlSeconds * 1000
    case 'adaptive':
      return durationMs >= policy.minDurationMs ? Math.max(1, policy.multiplier * durationMs) : null
  }
}

function outcome(cached: boolean, computedAt: number, bodyJson: string, parsed?: ResultBody): CacheOutcome {
  let body = parsed
  return { cached, computedAt, bodyJson, body: () => (body ??= JSON.parse(bodyJson) as ResultBody) }
}

/**
 * Lookup, single-flight execution and storage under a policy. Concurrent identical requests share one
 * execution. Results whose text exceeds `maxEntryBytes` are served but not stored. A store failure
 * (Redis down) degrades to a miss, never to an error.
 */
export function createQueryCache(deps: { store: CacheStore; maxEntryBytes: number; now?: () => number }) {
  const now = deps.now ?? Date.now
  const inflight = new Map<string, Promise<CacheOutcome>>()
  const stats = new Map<string, { hits: number; misses: number }>()
  const count = (sourceId: string, hit: boolean) => {
    const s = stats.get(sourceId) ?? { hits: 0, misses: 0 }
    stats.set(sourceId, s)
    if (hit) s.hits++
    else s.misses++
  }

  const lookup = async (request: Omit<CacheRequest, 'refresh'>): Promise<CacheOutcome | null> => {
    if (request.policy.kind === 'none') return null
    const stored = await deps.store.get(request.key).catch(() => null)
    if (stored === null) return null
    const cut = stored.indexOf('\n')
    count(request.sourceId, true)
    return outcome(true, Number(stored.slice(0, cut)), stored.slice(cut + 1))
  }

  return {
    store: deps.store,

    async run(request: CacheRequest, execute: () => Promise<ResultBody>): Promise<CacheOutcome> {
      if (!request.refresh) {
        const hit = await lookup(request)
        if (hit) return hit
      }
      count(request.sourceId, false)
      const running = inflight.get(request.key)
      if (running) return running
      const work = (async () => {
        const computedAt = now()
        const body = await execute()
        const bodyJson = JSON.stringify(body)
        const ttl = retentionMs(request.policy, body.durationMs)
        if (ttl !== null && bodyJson.length <= deps.maxEntryBytes) {
          const tags = [sourceTag(request.sourceId), ...request.datasetIds.map(datasetTag)]
          await deps.store.set(request.key, `${computedAt}\n${bodyJson}`, ttl, tags).catch(() => undefined)
        }
        return outcome(false, computedAt, bodyJson, body)
      })()
      inflight.set(request.key, work)
      try {
        return await work
      } finally {
        inflight.delete(request.key)
      }
    },

    /**
     * The stored result, if there is one, without running anything (a dashboard opening shows its cached
     * cards before it sends any run). A hit counts as one; a miss is not counted, the run that follows is.
     */
    peek: lookup,

    /** Drops every entry reading this dataset (uploads and syncs call it). */
    invalidateDataset(datasetId: string): Promise<number> {
      return deps.store.invalidateTag(datasetTag(datasetId))
    },

    invalidateSource(sourceId: string): Promise<number> {
      return deps.store.invalidateTag(sourceTag(sourceId))
    },

    stats(sourceId: string): { hits: number; misses: number } {
      return { ...(stats.get(sourceId) ?? { hits: 0, misses: 0 }) }
    },

    close: () => deps.store.close(),
  }
}

export type QueryCache = ReturnType<typeof createQueryCache>
