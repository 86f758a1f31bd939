import { createDuckdbWarehouse } from './duckdb-warehouse'
import { warehouseConformance } from './warehouse.conformance'

warehouseConformance('duckdb (in memory)', async () => {
  const warehouse = await createDuckdbWarehouse({ path: ':memory:' })
  return {
    warehouse,
    slowQuery: 'SELECT sum(hash(i)) FROM range(1000000000000) t(i)',
    cleanup: () => warehouse.close(),
  }
})
