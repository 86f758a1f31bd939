// Child process of `npm run bench -- query`: one Vitrina (web service) whose warehouse holds the 1M-row
// table, so the DuckDB file is only ever open here. Serves HTTP and prints {url} on stdout; then each line
// `driver` on stdin runs the question once through the warehouse driver directly (same process, same engine
// handle, as Vitrina runs it) and answers {driverMs}, so the bench can interleave (a) with (b) under the
// same machine load. End of stdin stops it.

import readline from 'node:readline'
import { loadConfig } from '../packages/server/src/config/config'
import { migrateToLatest, openSystemDb } from '../packages/server/src/db/system-db'
import { buildApp, createServices } from '../packages/server/src/main'
import { QUESTION_SQL, SALES } from './query-shared'

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', VITRINA_WEB_DIR: '/nonexistent' })
const systemDb = await openSystemDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
await migrateToLatest(systemDb.db)
const services = createServices(systemDb, config)
const warehouse = services.warehouse
const rows = Number(process.env.ROWS ?? 1_000_000)
const schema = warehouse.dialect === 'duckdb' ? 'main' : 'public'
const table = { schema, name: SALES }

process.stderr.write(`query-server: loading ${rows} rows into ${warehouse.dialect}\n`)
await warehouse.createTable(table, [
  { identifier: 'id', type: 'integer', required: true },
  { identifier: 'region', type: 'text', required: true },
  { identifier: 'sold_on', type: 'date', required: true },
  { identifier: 'amount', type: 'decimal', required: true },
])
const generate =
  warehouse.dialect === 'duckdb'
    ? `INSERT INTO ${schema}.${SALES} SELECT i, ['Москва','Санкт-Петербург','Казань','Новосибирск','Екатеринбург'][(i % 5) + 1],
         DATE '2025-01-01' + CAST(i % 365 AS INTEGER), CAST((i * 37) % 100000 AS DECIMAL(18,2)) / 100, 'bench'
       FROM range(${rows}) t(i)`
    : `INSERT INTO ${schema}.${SALES} SELECT i, (ARRAY['Москва','Санкт-Петербург','Казань','Новосибирск','Екатеринбург'])[(i % 5) + 1],
         DATE '2025-01-01' + (i % 365), ((i * 37) % 100000)::numeric / 100, 'bench'
       FROM generate_series(0, ${rows - 1}) i`
await warehouse.runQuery({ sql: generate, params: [] })
if (warehouse.dialect === 'postgres')
  await warehouse.runQuery({ sql: `ANALYZE ${schema}.${SALES}`, params: [] })

// (a) the driver directly: the same statement, read-only, with the same timeout and row cap as Vitrina's run.
const question = { sql: QUESTION_SQL(schema), params: [] }
for (let i = 0; i < 3; i++) await warehouse.runQuery(question, { readOnly: true })
const driverRun = async () => {
  const t0 = performance.now()
  await warehouse.runQuery(question, { readOnly: true, timeoutMs: 30_000, rowCap: 10_000 })
  return performance.now() - t0
}

const app = await buildApp(services, config, false)
const url = await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`${JSON.stringify({ url })}\n`)

const stop = async () => {
  await app.close()
  await services.queryFeature.close()
  await services.datasetFeature.close()
  await systemDb.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
const commands = readline.createInterface({ input: process.stdin })
commands.on('line', (line) => {
  if (line.trim() === 'driver')
    void driverRun().then((driverMs) => process.stdout.write(`${JSON.stringify({ driverMs })}\n`))
})
commands.on('close', () => void stop())
