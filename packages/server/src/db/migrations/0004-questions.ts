import { type Kysely, sql } from 'kysely'

/** Collections (nested folders) with view/edit grants to users and groups, and the saved questions in them. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('collections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('parent_id', 'text', (c) => c.references('collections.id').onDelete('restrict'))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('collections_parent_idx').on('collections').column('parent_id').execute()

  // Subjects are users or groups, so no foreign key; grants of deleted subjects match nobody.
  await db.schema
    .createTable('collection_permissions')
    .addColumn('collection_id', 'text', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('subject_type', 'text', (c) => c.notNull().check(sql`subject_type in ('user', 'group')`))
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('view', 'edit')`))
    .addPrimaryKeyConstraint('collection_permissions_pk', ['collection_id', 'subject_type', 'subject_id'])
    .execute()

  await db.schema
    .createTable('questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('collection_id', 'text', (c) => c.notNull().references('collections.id').onDelete('restrict'))
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('query', 'jsonb', (c) => c.notNull())
    .addColumn('visualization', 'jsonb')
    .addColumn('cache_policy', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('questions_collection_idx').on('questions').column('collection_id').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['questions', 'collection_permissions', 'collections']) {
    await db.schema.dropTable(table).execute()
  }
}
