import type { CatalogColumnType, SourceCatalogTable } from '@vitrina/contracts'

/** A column that holds unique values (a single-column primary key, unique constraint or dataset key). */
export type UniqueColumns = ReadonlySet<string>

export const uniqueKey = (schema: string, table: string, column: string) =>
  JSON.stringify([schema, table, column])

/** English plural → singular for table names (`categories` → `category`, `boxes` → `box`, `orders` → `order`; `status` stays). */
export function singular(name: string): string {
  if (/ies$/.test(name)) return `${name.slice(0, -3)}y`
  if (/(ss|x|z|ch|sh)es$/.test(name)) return name.slice(0, -2)
  if (/[^su]s$/.test(name)) return name.slice(0, -1)
  return name
}

const family = (t: CatalogColumnType) =>
  t === 'integer' || t === 'decimal' || t === 'float' ? 'number' : t === 'timestamp' ? 'date' : t

/**
 * Foreign keys by naming, where no constraint declares one: `orders.customer_id` → `customers.id` (the
 * column is `<table>_id` or `<singular of table>_id`), when that table's `id` is unique and of the same kind
 * of type. A table in the same schema wins; one elsewhere counts only if it is the only match. Marked
 * `detected: true`; columns that already have a foreign key are left alone.
 */
export function detectForeignKeys(tables: SourceCatalogTable[], unique: UniqueColumns): SourceCatalogTable[] {
  const byPrefix = new Map<string, SourceCatalogTable[]>()
  for (const t of tables) {
    const id = t.columns.find((c) => c.name === 'id')
    if (!id || !unique.has(uniqueKey(t.schema, t.name, 'id'))) continue
    for (const prefix of new Set([t.name.toLowerCase(), singular(t.name.toLowerCase())])) {
      byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), t])
    }
  }
  return tables.map((table) => {
    const found = table.columns.flatMap((column) => {
      const match = /^(.+)_id$/i.exec(column.name)
      if (!match || table.foreignKeys.some((fk) => fk.column === column.name)) return []
      const candidates = (byPrefix.get(match[1]!.toLowerCase()) ?? []).filter(
        (t) =>
          !(t.schema === table.schema && t.name === table.name) &&
          family(t.columns.find((c) => c.name === 'id')!.type) === family(column.type),
      )
      const local = candidates.filter((t) => t.schema === table.schema)
      const target =
        local.length === 1 ? local[0] : local.length === 0 && candidates.length === 1 ? candidates[0] : null
      if (!target) return []
      return [
        {
          column: column.name,
          references: { schema: target.schema, name: target.name, column: 'id' },
          detected: true,
        },
      ]
    })
    return found.length === 0 ? table : { ...table, foreignKeys: [...table.foreignKeys, ...found] }
  })
}
