import { createHash } from 'node:crypto'

export interface CacheKeyInput {
  sourceId: string
  sql: string
  params: readonly unknown[]
  /** Row-level-security scope of the user (e.g. the region filter applied); null when unrestricted. */
  rlsScope: unknown
  /** Data version of each dataset the query reads; any bump changes the key. */
  dataVersions: Readonly<Record<string, number | string>>
}

/** Stable hex SHA-256 of the canonical JSON of the input: key order and map order never matter. */
export function cacheKey(input: CacheKeyInput): string {
  const canonical = canonicalJson({
    sourceId: input.sourceId,
    sql: input.sql,
    params: input.params,
    rlsScope: input.rlsScope ?? null,
    dataVersions: Object.entries(input.dataVersions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  })
  return createHash('sha256').update(canonical).digest('hex')
}

/** JSON with sorted object keys; Dates and bigints get tagged forms so they never collide with strings. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'bigint') return `{"$bigint":"${value.toString()}"}`
  if (value instanceof Date) return `{"$date":${JSON.stringify(value.toISOString())}}`
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Cannot key a non-finite number: ${value}`)
    return JSON.stringify(Object.is(value, -0) ? 0 : value)
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  throw new TypeError(`Cannot key a ${typeof value}`)
}
