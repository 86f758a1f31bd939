import type { ApiSource, SourceCatalog } from '@vitrina/contracts'
import { InvalidArgumentError } from 'commander'
import type { Actor } from '../http/principal'
import type { SourcesService } from '../modules/sources/sources.service'

export const DEFAULT_VAULT_SOURCE_NAME = 'Банк (Data Vault)'

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
}

/**
 * Makes the Data Vault target a Vitrina PostgreSQL source named `name`, through the sources service
 * (connection tested, password sealed, audited), then syncs its catalog. Idempotent: a source of that
 * name is reused; its connection is rewritten only when it differs or the URL carries a password.
 */
export async function registerVaultSource(
  sources: SourcesService,
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
  return { action, source: await sources.get(actor, source.id), catalog }
}
