import { type Kysely, sql } from 'kysely'

/** Data sources (the built-in warehouse row included) and who may query them. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('warehouse', 'postgres', 'mysql', 'duckdb')`),
    )
    // The connection without its password; the password is sealed (AES-256-GCM) in `secret`.
    .addColumn('connection', 'jsonb', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('settings', 'jsonb', (c) => c.notNull())
    .addColumn('catalog', 'jsonb')
    .addColumn('last_sync_at', 'timestamptz')
    .addColumn('last_sync_error', 'jsonb')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('source_permissions')
    .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('subject_type', 'text', (c) => c.notNull().check(sql`subject_type in ('user', 'group')`))
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('access', 'text', (c) => c.notNull().check(sql`access in ('query', 'sql')`))
    .addPrimaryKeyConstraint('source_permissions_pk', ['source_id', 'subject_type', 'subject_id'])
    .execute()
  await db.schema
    .createIndex('source_permissions_subject_idx')
    .on('source_permissions')
    .columns(['subject_type', 'subject_id'])
    .execute()

  await sql`INSERT INTO sources (id, name, kind, connection, settings)
    VALUES ('warehouse', 'Warehouse', 'warehouse', '{"kind":"warehouse"}',
      '{"statementTimeoutMs":30000,"rowCap":10000,"cachePolicy":{"kind":"ttl","ttlSeconds":3600},"syncIntervalMinutes":60}')`.execute(
    db,
  )
}
