import { type Kysely, sql } from 'kysely'

/**
 * Linked datasets: a dataset that is a table or view of an added source (read-only, schema from its catalog),
 * beside the datasets whose rows live in the warehouse. A table name is unique per place: among warehouse
 * datasets, and per source among linked ones.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('datasets')
    .addColumn('kind', 'text', (c) =>
      c.notNull().defaultTo('warehouse').check(sql`kind in ('warehouse', 'linked')`),
    )
    .addColumn('source_id', 'text', (c) => c.references('sources.id').onDelete('cascade'))
    .execute()
  await sql`ALTER TABLE datasets ADD CONSTRAINT datasets_linked_source CHECK ((kind = 'linked') = (source_id IS NOT NULL))`.execute(
    db,
  )
  await sql`ALTER TABLE datasets DROP CONSTRAINT datasets_table_unique`.execute(db)
  await sql`CREATE UNIQUE INDEX datasets_table_unique ON datasets (table_schema, table_name) WHERE kind = 'warehouse'`.execute(
    db,
  )
  await sql`CREATE UNIQUE INDEX datasets_link_unique ON datasets (source_id, table_schema, table_name) WHERE kind = 'linked'`.execute(
    db,
  )
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM datasets WHERE kind = 'linked'`.execute(db)
  await sql`DROP INDEX datasets_link_unique`.execute(db)
  await sql`DROP INDEX datasets_table_unique`.execute(db)
  await sql`ALTER TABLE datasets ADD CONSTRAINT datasets_table_unique UNIQUE (table_schema, table_name)`.execute(
    db,
  )
  await sql`ALTER TABLE datasets DROP CONSTRAINT datasets_linked_source`.execute(db)
  await db.schema.alterTable('datasets').dropColumn('source_id').dropColumn('kind').execute()
}
