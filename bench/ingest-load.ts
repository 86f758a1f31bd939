// One end-to-end load, run as its own process by bench/ingest.ts so its peak RSS is its own:
// file -> @vitrina/ingest (read, infer, validate every cell) -> warehouse load (append) -> count(*).
// Prints one JSON object: { rows, seconds, peakRssMb }.
import { mapColumns, previewSheet, RowValidator, readTable } from '../packages/ingest/src/index'
import { createWarehouse } from '../packages/server/src/warehouse/index'

const [engine, file, target] = process.argv.slice(2)
if ((engine !== 'duckdb' && engine !== 'postgres') || !file || !target) {
  process.stderr.write('usage: ingest-load.ts duckdb|postgres FILE DUCKDB_PATH|POSTGRES_URL\n')
  process.exit(2)
}

const started = performance.now()
const warehouse = await createWarehouse(
  // The warehouse's own defaults (DuckDB: memory_limit 128MB), as the product runs it.
  engine === 'duckdb' ? { kind: 'duckdb', path: target } : { kind: 'postgres', url: target },
)
const preview = await previewSheet(file)
const columns = preview.columns.map(({ displayName, identifier, type, required, enumValues }) => ({
  displayName,
  identifier,
  type,
  required,
  enumValues,
}))
const ref = { schema: 'bench', name: 'report' }
await warehouse.createTable(ref, columns)
const validator = new RowValidator(
  { columns, keyColumns: [] },
  mapColumns(preview.layout, columns),
  preview.sheet,
)

async function* typedBatches() {
  for await (const batch of readTable(file, preview.layout)) {
    const typed = validator.validate(batch)
    if (validator.errorCount > 0)
      throw new Error(`unexpected invalid cells: ${JSON.stringify(validator.errors[0])}`)
    yield typed.map((r) => r.values)
  }
}
const result = await warehouse.load(ref, columns, typedBatches(), { kind: 'append' }, { batchId: 'bench' })
const counted = await warehouse.runQuery({ sql: 'select count(*) as n from "bench"."report"', params: [] })
const seconds = (performance.now() - started) / 1000
await warehouse.close()

const queryable = Number(counted.rows[0]?.[0])
if (queryable !== result.inserted)
  throw new Error(`loaded ${result.inserted} rows but count(*) says ${queryable}`)
process.stdout.write(
  `${JSON.stringify({ rows: queryable, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
)
