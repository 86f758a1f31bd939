// Child process of `npm run bench -- dashboard`: one Vitrina (embedded PGlite + DuckDB) serving the built SPA,
// with a 1M-row sales table in its warehouse. Prints one JSON line on stdout: {url}.
import { loadConfig } from '../packages/server/src/config/config'
import { migrateToLatest, openSystemDb } from '../packages/server/src/db/system-db'
import { buildApp, createServices } from '../packages/server/src/main'
import { SALES } from './query-shared'

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' })
const systemDb = await openSystemDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
await migrateToLatest(systemDb.db)
const services = createServices(systemDb, config)
const warehouse = services.warehouse
const rows = Number(process.env.ROWS ?? 1_000_000)
const table = { schema: 'main', name: SALES }

process.stderr.write(`dashboard-server: loading ${rows} rows into ${warehouse.dialect}\n`)
await warehouse.createTable(table, [
  { identifier: 'id', type: 'integer', required: true },
  { identifier: 'region', type: 'text', required: true },
  { identifier: 'sold_on', type: 'date', required: true },
  { identifier: 'amount', type: 'decimal', required: true },
])
await warehouse.runQuery({
  sql: `INSERT INTO main.${SALES} SELECT i, ['Москва','Санкт-Петербург','Казань','Новосибирск','Екатеринбург'][(i % 5) + 1],
          DATE '2025-01-01' + CAST(i % 365 AS INTEGER), CAST((i * 37) % 100000 AS DECIMAL(18,2)) / 100, 'bench'
        FROM range(${rows}) t(i)`,
  params: [],
})

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
process.stdin.resume()
process.stdin.on('end', () => void stop())
