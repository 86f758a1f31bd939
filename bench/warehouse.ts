// npm run bench -- warehouse: load speed of both warehouses in every load mode, 100k rows x 8 columns
// (text, integer, decimal, date, timestamp, boolean) in batches of 1,000 as the upload path hands them over,
// from rows already in memory (no file parsing; `ingest` measures the whole path). Median of three loads
// into an empty table after a warm-up; needs the test PostgreSQL for the second engine.

import { createThrowawayDatabase } from '../packages/server/src/testing/databases'
import { createDuckdbWarehouse } from '../packages/server/src/warehouse/duckdb-warehouse'
import { createPostgresWarehouse } from '../packages/server/src/warehouse/postgres-warehouse'
import type {
  LoadMode,
  LoadValue,
  Warehouse,
  WarehouseColumn,
} from '../packages/server/src/warehouse/warehouse'

const ROWS = Number(process.env.ROWS ?? 100_000)
const MODES: Record<string, LoadMode> = {
  append: { kind: 'append' },
  replace: { kind: 'replace' },
  'replace-period': { kind: 'replace-period', dateColumn: 'sold_on' },
  upsert: { kind: 'upsert', keyColumns: ['id'] },
}
const COLUMNS: WarehouseColumn[] = [
  { identifier: 'id', type: 'integer', required: true },
  { identifier: 'region', type: 'text', required: true },
  { identifier: 'manager', type: 'text', required: false },
  { identifier: 'sold_on', type: 'date', required: true },
  { identifier: 'created_at', type: 'timestamp', required: false },
  { identifier: 'amount', type: 'decimal', required: true },
  { identifier: 'qty', type: 'integer', required: false },
  { identifier: 'paid', type: 'boolean', required: false },
]
const REGIONS = ['Москва', 'Санкт-Петербург', 'Казань', 'Новосибирск', 'Екатеринбург']

function makeRows(): LoadValue[][] {
  return Array.from({ length: ROWS }, (_, i) => {
    const day = String((i % 28) + 1).padStart(2, '0')
    const month = String((i % 12) + 1).padStart(2, '0')
    return [
      i + 1,
      REGIONS[i % REGIONS.length] as string,
      i % 7 === 0 ? null : `Менеджер ${i % 113}`,
      `2025-${month}-${day}`,
      `2025-${month}-${day} ${String(i % 24).padStart(2, '0')}:15:00`,
      `${(i * 37) % 100000}.${String(i % 100).padStart(2, '0')}`,
      i % 50,
      i % 2 === 0,
    ]
  })
}

async function* batches(rows: LoadValue[][]): AsyncIterable<LoadValue[][]> {
  for (let i = 0; i < rows.length; i += 1000) yield rows.slice(i, i + 1000)
}

/** One warm-up load, then the median of three timed loads of ROWS rows, each into a fresh table. */
async function measure(subject: string, warehouse: Warehouse, schema: string, mode: LoadMode): Promise<void> {
  const rows = makeRows()
  const seconds: number[] = []
  for (let run = 0; run < 4; run++) {
    const ref = { schema, name: `load_${mode.kind.replace('-', '_')}_${run}` }
    await warehouse.createTable(ref, COLUMNS)
    const data = run === 0 ? rows.slice(0, 10_000) : rows
    const started = performance.now()
    const result = await warehouse.load(ref, COLUMNS, batches(data), mode, { batchId: 'bench' })
    if (run > 0) seconds.push((performance.now() - started) / 1000)
    const check = await warehouse.runQuery({
      sql: `SELECT count(*) FROM "${schema}"."${ref.name}"`,
      params: [],
    })
    if (check.rows[0]?.[0] !== data.length || result.inserted !== data.length) {
      throw new Error(`loaded ${check.rows[0]?.[0]} rows`)
    }
  }
  const median = seconds.sort((a, b) => a - b)[1] as number
  const metric = `${mode.kind.replace('-', '_')}_rows_per_s`
  process.stderr.write(`${subject} ${mode.kind}: ${ROWS} rows, median ${median.toFixed(3)} s\n`)
  process.stdout.write(
    `${JSON.stringify({ bench: 'warehouse', subject, metric, value: Math.round(ROWS / median), unit: 'rows/s' })}\n`,
  )
}

const duck = await createDuckdbWarehouse({ path: ':memory:' })
for (const mode of Object.values(MODES)) await measure('vitrina-duckdb', duck, 'main', mode)
await duck.close()

const database = await createThrowawayDatabase()
const postgres = createPostgresWarehouse({ url: database.url })
try {
  for (const mode of Object.values(MODES)) await measure('vitrina-postgres', postgres, 'public', mode)
} finally {
  await postgres.close()
  await database.drop()
}
