import type { CatalogColumnType, SourceCatalogTable, SqlDialect } from '@vitrina/contracts'
import type { CompiledQuery, QueryResult } from '../warehouse'
import { catalogType } from '../warehouse/sql'
import { detectForeignKeys, uniqueKey } from './fk-detection'

/** Per dialect: columns (schema, table, column, native type, row estimate) and single-column foreign keys. */
const COLUMNS: Record<SqlDialect, string> = {
  postgres: `SELECT c.table_schema, c.table_name, c.column_name, c.data_type,
      (SELECT CASE WHEN cl.reltuples < 0 THEN NULL ELSE cl.reltuples::bigint END FROM pg_class cl
        JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE n.nspname = c.table_schema AND cl.relname = c.table_name)
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema <> 'information_schema' AND c.table_schema NOT LIKE 'pg\\_%'
      AND t.table_type IN ('BASE TABLE', 'VIEW')
    ORDER BY c.table_schema, c.table_name, c.ordinal_position`,
  duckdb: `SELECT c.schema_name, c.table_name, c.column_name, c.data_type, t.estimated_size
    FROM duckdb_columns() c
    LEFT JOIN duckdb_tables() t ON t.database_name = c.database_name AND t.schema_name = c.schema_name
      AND t.table_name = c.table_name
    WHERE c.database_name = current_database() AND NOT c.internal
    ORDER BY c.schema_name, c.table_name, c.column_index`,
  mysql: `SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, t.TABLE_ROWS
    FROM information_schema.COLUMNS c
    JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
    WHERE c.TABLE_SCHEMA = DATABASE()
    ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION`,
}

/** Rows: schema, table, column, referenced schema, table, column, constraint name, position. */
const FOREIGN_KEYS: Record<SqlDialect, string> = {
  postgres: `SELECT ns.nspname, cl.relname, a.attname, rns.nspname, rcl.relname, ra.attname, con.conname, 1
    FROM pg_constraint con
    JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = cl.relnamespace
    JOIN pg_class rcl ON rcl.oid = con.confrelid JOIN pg_namespace rns ON rns.oid = rcl.relnamespace
    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
    JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = con.confkey[1]
    WHERE con.contype = 'f' AND array_length(con.conkey, 1) = 1`,
  // DuckDB names the referenced table without its schema: the same schema.
  duckdb: `SELECT schema_name, table_name, constraint_column_names[1], schema_name, referenced_table,
      referenced_column_names[1], constraint_name, len(constraint_column_names)
    FROM duckdb_constraints()
    WHERE constraint_type = 'FOREIGN KEY' AND database_name = current_database()`,
  mysql: `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME,
      REFERENCED_COLUMN_NAME, CONSTRAINT_NAME, ORDINAL_POSITION
    FROM information_schema.KEY_COLUMN_USAGE
    WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL`,
}

/** Rows: schema, table, column of single-column primary keys and unique constraints (for FK detection). */
const UNIQUE_COLUMNS: Record<SqlDialect, string> = {
  postgres: `SELECT ns.nspname, cl.relname, a.attname
    FROM pg_constraint con
    JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = cl.relnamespace
    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
    WHERE con.contype IN ('p', 'u') AND array_length(con.conkey, 1) = 1`,
  duckdb: `SELECT schema_name, table_name, constraint_column_names[1]
    FROM duckdb_constraints()
    WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE') AND len(constraint_column_names) = 1
      AND database_name = current_database()`,
  mysql: `SELECT TABLE_SCHEMA, TABLE_NAME, MIN(COLUMN_NAME)
    FROM information_schema.STATISTICS
    WHERE TABLE_SCHEMA = DATABASE() AND NON_UNIQUE = 0
    GROUP BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME
    HAVING COUNT(*) = 1`,
}

export function mysqlCatalogType(native: string): CatalogColumnType {
  const t = native.toLowerCase()
  if (/^(tinyint|smallint|mediumint|int|integer|bigint)\b/.test(t)) return 'integer'
  if (/^(decimal|numeric)/.test(t)) return 'decimal'
  if (/^(float|double|real)/.test(t)) return 'float'
  if (/^(bool|boolean)\b/.test(t)) return 'boolean'
  if (t === 'date') return 'date'
  if (/^(datetime|timestamp)/.test(t)) return 'timestamp'
  if (/^(char|varchar|tinytext|text|mediumtext|longtext|enum|set)\b/.test(t)) return 'text'
  return 'other'
}

/**
 * Reads the catalog through the source's own (read-only) query path: declared foreign keys, then those
 * detected by naming against primary keys and unique constraints (`fk-detection.ts`).
 */
export async function readCatalog(
  dialect: SqlDialect,
  run: (query: CompiledQuery) => Promise<QueryResult>,
  hiddenColumns: ReadonlySet<string> = new Set(),
): Promise<SourceCatalogTable[]> {
  const typeOf = dialect === 'mysql' ? mysqlCatalogType : catalogType
  const tables = new Map<string, SourceCatalogTable>()
  const key = (schema: unknown, name: unknown) => JSON.stringify([schema, name])
  for (const [schema, name, column, nativeType, estimate] of (
    await run({ sql: COLUMNS[dialect], params: [] })
  ).rows) {
    if (hiddenColumns.has(String(column))) continue
    let table = tables.get(key(schema, name))
    if (!table) {
      table = {
        schema: String(schema),
        name: String(name),
        columns: [],
        foreignKeys: [],
        rowEstimate: estimate === null ? null : Number(estimate),
      }
      tables.set(key(schema, name), table)
    }
    table.columns.push({
      name: String(column),
      type: typeOf(String(nativeType)),
      nativeType: String(nativeType),
    })
  }
  const rows = (await run({ sql: FOREIGN_KEYS[dialect], params: [] })).rows
  const multiColumn = new Set(rows.filter((r) => Number(r[7]) > 1).map((r) => key(key(r[0], r[1]), r[6])))
  for (const [s, t, c, rs, rt, rc, constraint] of rows) {
    if (multiColumn.has(key(key(s, t), constraint))) continue
    tables.get(key(s, t))?.foreignKeys.push({
      column: String(c),
      references: { schema: String(rs), name: String(rt), column: String(rc) },
      detected: false,
    })
  }
  const unique = new Set(
    (await run({ sql: UNIQUE_COLUMNS[dialect], params: [] })).rows.map(([s, t, c]) =>
      uniqueKey(String(s), String(t), String(c)),
    ),
  )
  return detectForeignKeys(
    [...tables.values()].filter((t) => t.columns.length > 0),
    unique,
  )
}
