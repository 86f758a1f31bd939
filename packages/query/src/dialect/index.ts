import type { SqlDialect } from '@vitrina/contracts'
import { assertUnreachable } from '../errors'
import type { Dialect } from './dialect'
import { duckdbDialect } from './duckdb'
import { mysqlDialect } from './mysql'
import { postgresDialect } from './postgres'

export function getDialect(name: SqlDialect): Dialect {
  switch (name) {
    case 'postgres':
      return postgresDialect
    case 'duckdb':
      return duckdbDialect
    case 'mysql':
      return mysqlDialect
    default:
      return assertUnreachable(name)
  }
}
