import type { SourceConnection } from '@vitrina/contracts'
import { createSourceDriver } from '../../sources/create-driver'
import type { SecretBox } from '../../sources/secret-box'
import type { SourceDriver } from '../../sources/source-driver'
import type { SystemDbGuard } from '../../sources/system-db-guard'
import { warehouseDriver } from '../../sources/warehouse-driver'
import type { Warehouse } from '../../warehouse'
import type { DbSource } from './sources.tables'

/** The stored connection with its password opened. */
export function connectionOf(row: DbSource, secrets: SecretBox): SourceConnection {
  const stored = row.connection as SourceConnection
  if (stored.kind === 'duckdb') return stored
  return { ...stored, password: row.secret === null ? '' : secrets.open(row.secret, row.id) }
}

/**
 * One open driver per source, opened on first use and reopened when the source's row changes (its
 * `updated_at`); the built-in warehouse is the app's own engine.
 */
export function createSourceDrivers(deps: {
  warehouse: Warehouse | null
  secrets: SecretBox
  guard: SystemDbGuard
}) {
  const open = new Map<string, { version: number; driver: Promise<SourceDriver> }>()
  const builtIn = deps.warehouse ? warehouseDriver(deps.warehouse, { owned: false, builtIn: true }) : null

  const drop = (id: string) => {
    const entry = open.get(id)
    open.delete(id)
    void entry?.driver.then((d) => d.close()).catch(() => undefined)
  }

  return {
    get(row: DbSource): Promise<SourceDriver> {
      if (row.kind === 'warehouse') {
        if (!builtIn) return Promise.reject(new Error('The warehouse is not configured in this process'))
        return Promise.resolve(builtIn)
      }
      const version = row.updated_at.getTime()
      const entry = open.get(row.id)
      if (entry && entry.version === version) return entry.driver
      if (entry) drop(row.id)
      const driver = createSourceDriver(connectionOf(row, deps.secrets), deps.guard)
      open.set(row.id, { version, driver })
      driver.catch(() => {
        if (open.get(row.id)?.driver === driver) open.delete(row.id)
      })
      return driver
    },
    drop,
    async closeAll() {
      const all = [...open.values()]
      open.clear()
      await Promise.all(all.map((e) => e.driver.then((d) => d.close()).catch(() => undefined)))
    },
  }
}

export type SourceDrivers = ReturnType<typeof createSourceDrivers>
