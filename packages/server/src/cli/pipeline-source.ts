import type { ApiSource, SourceCatalog } from '@vitrina/contracts'
import { InvalidArgumentError } from 'commander'
import type { Actor } from '../http/principal'
import type { LinkedDatasets } from '../modules/datasets/linked-datasets'
import type { SourcesService } from '../modules/sources/sources.service'

export const DEFAULT_VAULT_SOURCE_NAME = 'Банк (Data Vault)'

/** The business-vault marts (packages/pipeline, business vault SQL) and the datasets they appear as. */
export const VAULT_MARTS = [
  {
    table: 'mart_daily_turnover',
    name: 'Оборот по дням (Data Vault)',
    about: 'дебетовые и кредитовые обороты по дням, филиалам, регионам и валютам',
  },
  { table: 'mart_balances', name: 'Остатки по счетам (Data Vault)', about: 'текущие остатки счетов' },
  { table: 'mart_active_customers', name: 'Активные клиенты (Data Vault)', about: 'активные клиенты' },
] as const

/** A `postgres://user:password@host:port/database?sslmode=…` URL as a Vitrina PostgreSQL connection. */
export function postgresConnectionOf(url: string) {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new InvalidArgumentError('the target is not a postgres:// URL')
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:')
    throw new InvalidArgumentError('the target is not a postgres:// URL')
  const user = decodeURIComponent(u.username) || 'postgres'
  const password = decodeURIComponent(u.password)
  const sslmode = u.searchParams.get('sslmode')
  return {
    kind: 'postgres' as const,
    host: u.hostname || 'localhost',
    port: Number(u.port || 5432),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || user,
    user,
    ...(password && { password }),
    ssl: sslmode !== null && sslmode !== 'disable' && sslmode !== 'allow' && sslmode !== 'prefer',
    replicas: [],
  }
}

export interface RegisteredVault {
  action: 'created' | 'updated' | 'unchanged'
  source: ApiSource
  catalog: SourceCatalog
  /** The marts as linked datasets; marts the catalog lacks (the vault not initialised yet) are in `missing`. */
  datasets: { action: 'created' | 'updated' | 'unchanged'; id: string; name: string; table: string }[]
  missing: string[]
}

/**
 * Makes the Data Vault target a Vitrina PostgreSQL source named `name`, through the sources service
 * (connection tested, password sealed, audited), syncs its catalog, and links the marts as read-only
 * datasets of the Data section. Idempotent: a source of that name is reused (its connection rewritten only
 * when it differs or the URL carries a password); a mart already linked is brought up to date.
 */
export async function registerVaultSource(
  sources: SourcesService,
  linked: LinkedDatasets,
  actor: Actor,
  input: { name: string; targetUrl: string },
): Promise<RegisteredVault> {
  const connection = postgresConnectionOf(input.targetUrl)
  const existing = (await sources.list(actor)).find((s) => s.name === input.name)
  let action: RegisteredVault['action']
  let source: ApiSource
  if (!existing) {
    source = await sources.create(actor, { name: input.name, connection })
    action = 'created'
  } else {
    const c = existing.connection
    const same =
      c.kind === 'postgres' &&
      c.host === connection.host &&
      c.port === connection.port &&
      c.database === connection.database &&
      c.user === connection.user &&
      c.ssl === connection.ssl &&
      c.replicas.length === 0 &&
      connection.password === undefined
    source = same ? existing : await sources.update(actor, existing.id, { connection })
    action = same ? 'unchanged' : 'updated'
  }
  const catalog = await sources.sync(source.id)
  const datasets: RegisteredVault['datasets'] = []
  const missing: string[] = []
  for (const mart of VAULT_MARTS) {
    const table = { schema: 'vault', name: mart.table }
    if (!catalog.tables.some((t) => t.schema === table.schema && t.name === table.name)) {
      missing.push(`vault.${mart.table}`)
      continue
    }
    const done = await linked.ensure(
      actor,
      {
        name: mart.name,
        description: `Витрина vault.${mart.table} источника «${input.name}»: ${mart.about}. Обновляется загрузчиком CDC.`,
        sourceId: source.id,
        table,
      },
      catalog,
    )
    datasets.push({
      action: done.action,
      id: done.dataset.id,
      name: done.dataset.name,
      table: `vault.${mart.table}`,
    })
  }
  return { action, source: await sources.get(actor, source.id), catalog, datasets, missing }
}
