import { type Kysely, sql } from 'kysely'

/** Datasets (warehouse tables with a schema), their uploads, batches, quarantine and permissions. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('datasets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('table_schema', 'text', (c) => c.notNull())
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('columns', 'jsonb', (c) => c.notNull())
    .addColumn('key_columns', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('data_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('row_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_loaded_at', 'timestamptz')
    .addUniqueConstraint('datasets_table_unique', ['table_schema', 'table_name'])
    .execute()

  await db.schema
    .createTable('dataset_permissions')
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('subject_type', 'text', (c) => c.notNull().check(sql`subject_type in ('user', 'group')`))
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('view', 'upload', 'edit')`))
    .addPrimaryKeyConstraint('dataset_permissions_pk', ['dataset_id', 'subject_type', 'subject_id'])
    .execute()
  await db.schema
    .createIndex('dataset_permissions_subject_idx')
    .on('dataset_permissions')
    .columns(['subject_type', 'subject_id'])
    .execute()

  await db.schema
    .createTable('dataset_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('sheets', 'jsonb', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('dataset_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sheet', 'text')
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('period_column', 'text')
    .addColumn('quarantine', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('running', 'loaded', 'rejected', 'failed', 'rolled_back')`),
    )
    .addColumn('rows_parsed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_inserted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_quarantined', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    /** The first cell errors (capped), for the report page. */
    .addColumn('errors', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('notes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('error', 'jsonb')
    .addColumn('original_path', 'text')
    .addColumn('error_report_path', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('rolled_back_at', 'timestamptz')
    .addColumn('rolled_back_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .execute()
  await db.schema
    .createIndex('dataset_batches_dataset_idx')
    .on('dataset_batches')
    .columns(['dataset_id', 'created_at'])
    .execute()
  await db.schema
    .createIndex('dataset_batches_sha_idx')
    .on('dataset_batches')
    .columns(['dataset_id', 'sha256'])
    .execute()

  await db.schema
    .createTable('dataset_quarantine')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('batch_id', 'text', (c) => c.notNull().references('dataset_batches.id').onDelete('cascade'))
    .addColumn('source_row', 'integer', (c) => c.notNull())
    .addColumn('values', 'jsonb', (c) => c.notNull())
    .addColumn('errors', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('dataset_quarantine_batch_idx')
    .on('dataset_quarantine')
    .columns(['dataset_id', 'batch_id', 'source_row'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'dataset_quarantine',
    'dataset_batches',
    'dataset_uploads',
    'dataset_permissions',
    'datasets',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
