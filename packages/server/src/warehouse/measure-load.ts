/**
 * Load speed of both warehouses: 100k rows x 8 columns (text, integer, decimal, date, timestamp, boolean),
 * in batches of 1,000 as the upload path hands them over. Run: npx tsx src/warehouse/measure-load.ts
 * Prints one JSON line per engine; needs the test PostgreSQL for the second one.
 */

import { createDuckdbWarehouse } from './duckdb-warehouse'
import { createPostgresWarehouse } from './postgres-warehouse'
import { createThrowawayDatabase } from './testing'
import type { LoadValue, Warehouse, WarehouseColumn } from './warehouse'

const ROWS = Number(process.env.ROWS ?? 100_000)
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

async function measure(subject: string, warehouse: Warehouse, schema: string): Promise<void> {
  const rows = makeRows()
  const ref = { schema, name: 'load_speed' }
  await warehouse.createTable(ref, COLUMNS)
  const started = performance.now()
  const result = await warehouse.load(ref, COLUMNS, batches(rows), { kind: 'append' }, { batchId: 'bench' })
  const seconds = (performance.now() - started) / 1000
  const check = await warehouse.runQuery({ sql: `SELECT count(*) FROM "${schema}"."load_speed"`, params: [] })
  if (check.rows[0]?.[0] !== ROWS || result.inserted !== ROWS)
    throw new Error(`loaded ${check.rows[0]?.[0]} rows`)
  const line = {
    subject,
    metric: 'load_rows_per_s',
    value: Math.round(ROWS / seconds),
    unit: 'rows/s',
    rows: ROWS,
  }
  process.stdout.write(`${JSON.stringify(line)}\n`)
}

const duck = await createDuckdbWarehouse({ path: ':memory:' })
await measure('vitrina-duckdb', duck, 'main')
await duck.close()

const database = await createThrowawayDatabase()
const postgres = createPostgresWarehouse({ url: database.url })
try {
  await measure('vitrina-postgres', postgres, 'public')
} finally {
  await postgres.close()
  await database.drop()
}
