import { type Kysely, sql } from 'kysely'

/** Prometheus joins the source kinds (PromQL sources, see sources/prometheus-driver.ts). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE sources DROP CONSTRAINT sources_kind_check`.execute(db)
  await sql`ALTER TABLE sources ADD CONSTRAINT sources_kind_check
    CHECK (kind in ('warehouse', 'postgres', 'mysql', 'duckdb', 'prometheus'))`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM sources WHERE kind = 'prometheus'`.execute(db)
  await sql`ALTER TABLE sources DROP CONSTRAINT sources_kind_check`.execute(db)
  await sql`ALTER TABLE sources ADD CONSTRAINT sources_kind_check
    CHECK (kind in ('warehouse', 'postgres', 'mysql', 'duckdb'))`.execute(db)
}
