import type { SqlDialect } from '@vitrina/contracts'
import { tokenizeSql } from '@vitrina/query'
import { LRUCache } from 'lru-cache'
import type { SystemDb } from '../../db/system-db'

/** A dataset stored in the warehouse and its data version (bumped by every upload, sync or delete). */
export interface DatasetVersion {
  datasetId: string
  schema: string
  table: string
  version: number
}

/** What query execution needs from datasets; implemented over the datasets module in `main.ts`. */
export interface DataVersions {
  list(): Promise<DatasetVersion[]>
}

export const NO_DATASETS: DataVersions = { list: async () => [] }

/**
 * The versions, re-read at most every `maxAgeMs` (other processes' uploads), and at once after `forget()`
 * (this process's uploads call it through the invalidate hook). Between `maxAgeMs` and `staleMs` the last
 * list is still answered while one re-read runs behind it, so no request waits for the system DB; past
 * `staleMs` (a slow or failing system DB) requests wait for a fresh list.
 */
export function memoizeDataVersions(source: DataVersions, maxAgeMs = 250, now = Date.now, staleMs = 2_000) {
  let memo: { at: number; list: Promise<DatasetVersion[]> } | null = null
  let refreshing: Promise<DatasetVersion[]> | null = null
  const read = () => {
    const started = now()
    const list = source.list()
    refreshing = list
    list.then(
      () => {
        if (refreshing === list) {
          memo = { at: started, list }
          refreshing = null
        }
      },
      () => {
        if (refreshing === list) refreshing = null
      },
    )
    return list
  }
  return {
    list(): Promise<DatasetVersion[]> {
      const age = memo ? now() - memo.at : Number.POSITIVE_INFINITY
      if (memo && age < maxAgeMs) return memo.list
      if (memo && age < staleMs) {
        if (!refreshing) void read().catch(() => undefined)
        return memo.list
      }
      return refreshing ?? read()
    },
    forget() {
      memo = null
      refreshing = null
    },
  }
}

const identifiersBySql = new LRUCache<string, Set<string>>({ max: 1000 })

/** Every word and quoted identifier of the SQL (remembered per SQL text: the cache-hit path repeats it). */
function identifiersOf(sql: string, dialect: SqlDialect): Set<string> {
  const key = `${dialect}:${sql}`
  const known = identifiersBySql.get(key)
  if (known) return known
  const names = new Set<string>()
  for (const t of tokenizeSql(sql, dialect)) {
    if (t.kind === 'word') names.add(t.value.toLowerCase())
    else if (t.kind === 'identifier') names.add(t.value)
  }
  identifiersBySql.set(key, names)
  return names
}

/** The datasets native SQL may read: every dataset whose table name appears as an identifier (conservative). */
export function datasetsOfSql(
  sql: string,
  dialect: SqlDialect,
  datasets: DatasetVersion[],
): DatasetVersion[] {
  const names = identifiersOf(sql, dialect)
  return datasets.filter((d) => names.has(d.table) || names.has(d.table.toLowerCase()))
}

type DatasetVersionTables = {
  datasets: { id: string; table_schema: string; table_name: string; data_version: number; kind: string }
}

/** Versions of the warehouse datasets (migration 0002-datasets); none before that table exists. */
export function systemDataVersions(systemDb: SystemDb): DataVersions {
  const db = systemDb.withTables<DatasetVersionTables>()
  return {
    async list() {
      try {
        const rows = await db
          .selectFrom('datasets')
          .select(['id', 'table_schema', 'table_name', 'data_version'])
          // Linked datasets are tables of other sources, not of the warehouse (migration 0009).
          .where('kind', '=', 'warehouse')
          .execute()
        return rows.map((r) => ({
          datasetId: r.id,
          schema: r.table_schema,
          table: r.table_name,
          version: Number(r.data_version),
        }))
      } catch (err) {
        if (/relation "?datasets"? does not exist/i.test(String((err as Error).message))) return []
        throw err
      }
    },
  }
}
