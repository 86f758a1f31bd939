import type { SqlDialect } from '@vitrina/contracts'

export const DIALECTS: readonly SqlDialect[] = ['postgres', 'duckdb', 'mysql']
