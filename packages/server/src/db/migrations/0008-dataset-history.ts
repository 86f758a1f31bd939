import type { Kysely } from 'kysely'

/**
 * Rows a load replaced are kept in the warehouse (a history table per dataset) so a rollback restores them.
 * Here, per batch, which earlier batches' rows it replaced: the history page shows which later batch must
 * be rolled back first. The warehouse check at rollback time is the authority; this is its summary.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dataset_batch_replacements')
    .addColumn('batch_id', 'text', (c) => c.notNull().references('dataset_batches.id').onDelete('cascade'))
    // The batch that had loaded the replaced rows, as the warehouse rows name it (no foreign key: the
    // warehouse is the authority); null for rows added by hand in the grid.
    .addColumn('replaced_batch_id', 'text')
    .addColumn('rows', 'integer', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('dataset_batch_replacements_replaced_idx')
    .on('dataset_batch_replacements')
    .columns(['replaced_batch_id'])
    .execute()
  await db.schema
    .createIndex('dataset_batch_replacements_batch_idx')
    .on('dataset_batch_replacements')
    .columns(['batch_id'])
    .execute()
  await db.schema
    .alterTable('dataset_batches')
    .addColumn('rows_restored', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('dataset_batches').dropColumn('rows_restored').execute()
  await db.schema.dropTable('dataset_batch_replacements').execute()
}
