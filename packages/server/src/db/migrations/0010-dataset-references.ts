import { type Kysely, sql } from 'kysely'

/** Dataset columns that refer to another dataset's key column (`contracts/src/dataset-references.ts`). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('datasets')
    .addColumn('column_references', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('datasets').dropColumn('column_references').execute()
}
