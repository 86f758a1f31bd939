import type { SourceConnection } from '@vitrina/contracts'
import { assertUnreachable } from '../http/errors'
import { createDuckdbFileDriver } from './duckdb-driver'
import { createMysqlDriver } from './mysql-driver'
import { createPostgresDriver } from './postgres-driver'
import { prometheusSourceDriver } from './prometheus-driver'
import type { SourceDriver } from './source-driver'
import type { SystemDbGuard } from './system-db-guard'

/**
 * Opens a driver for an added source; `password` is the decrypted one ('' when none is stored). The guard
 * refuses the system DB: DuckDB paths before opening, PostgreSQL servers by identity once connected.
 */
export async function createSourceDriver(
  connection: SourceConnection,
  guard: SystemDbGuard,
): Promise<SourceDriver> {
  guard.assertConnection(connection)
  switch (connection.kind) {
    case 'postgres':
      return createPostgresDriver({
        ...connection,
        password: connection.password ?? '',
        verify: guard.assertPostgres,
      })
    case 'mysql':
      return createMysqlDriver({ ...connection, password: connection.password ?? '' })
    case 'duckdb':
      return createDuckdbFileDriver(connection.path)
    case 'prometheus':
      return prometheusSourceDriver({ url: connection.url, bearerToken: connection.password || null })
    default:
      return assertUnreachable(connection)
  }
}
