import { createPostgresWarehouse } from './postgres-warehouse'
import { createThrowawayDatabase } from './testing'
import { warehouseConformance } from './warehouse.conformance'

warehouseConformance('postgres', async () => {
  const database = await createThrowawayDatabase()
  const warehouse = createPostgresWarehouse({ url: database.url })
  return {
    warehouse,
    slowQuery: 'SELECT pg_sleep(30)',
    async cleanup() {
      await warehouse.close()
      await database.drop()
    },
  }
})
