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
 * (this process's uploads call it through the invalidate hook).
 */
export function memoizeDataVersions(source: DataVersions, maxAgeMs = 250, now = Date.now) {
  let memo: { at: number; list: Promise<DatasetVersion[]> } | null = null
  return {
    list(): Promise<DatasetVersion[]> {
      if (memo && now() - memo.at < maxAgeMs) return memo.list
      const list = source.list()
      memo = { at: now(), list }
      list.catch(() => {
        memo = null
      })
      return list
    },
    forget() {
      memo = null
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
  datasets: { id: string; table_schema: string; table_name: string; data_version: number }
}

/** Versions read from the datasets table (migration 0002-datasets); none before that table exists. */
export function systemDataVersions(systemDb: SystemDb): DataVersions {
  const db = systemDb.withTables<DatasetVersionTables>()
  return {
    async list() {
      try {
        const rows = await db
          .selectFrom('datasets')
          .select(['id', 'table_schema', 'table_name', 'data_version'])
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
