import type { Command } from 'commander'
import { InvalidArgumentError } from 'commander'
import { AppError } from '../http/errors'
import type { Services } from '../main'
import { DEFAULT_VAULT_SOURCE_NAME, registerVaultSource } from './pipeline-source'
import { actorFor } from './query-command'

type WithServices = <T>(run: (services: Services) => Promise<T>) => Promise<T>

/** `vitrina pipeline register-source`: the Data Vault target as a Vitrina source, catalog synced. */
export function registerPipelineSourceCommand(pipeline: Command, withServices: WithServices): void {
  pipeline
    .command('register-source')
    .description(
      'Add (or update) the Data Vault target as a PostgreSQL source of Vitrina, sync its catalog and link its marts as datasets; safe to repeat',
    )
    .option('--target <url>', 'Data Vault PostgreSQL; default PIPELINE_TARGET_URL')
    .option('--name <name>', 'source name', DEFAULT_VAULT_SOURCE_NAME)
    .option('--as <email>', 'act as this admin (default: the first active admin)')
    .action(async (flags: { target?: string; name: string; as?: string }) => {
      const targetUrl = flags.target ?? process.env.PIPELINE_TARGET_URL
      if (!targetUrl)
        throw new InvalidArgumentError('give the Data Vault database: --target or PIPELINE_TARGET_URL')
      const result = await withServices(async (services) => {
        try {
          const actor = await actorFor(services, flags.as)
          if (actor.role !== 'admin')
            throw new AppError(403, 'FORBIDDEN', `${actor.email} is not an admin: only admins add sources`)
          return await registerVaultSource(
            services.queryFeature.sources,
            services.datasetFeature.linked,
            actor,
            {
              name: flags.name,
              targetUrl,
            },
          )
        } finally {
          await services.queryFeature.close()
          await services.datasetFeature.close()
        }
      })
      const tables = result.catalog.tables.map((t) => `${t.schema}.${t.name}`)
      process.stdout.write(
        `${JSON.stringify(
          {
            action: result.action,
            sourceId: result.source.id,
            name: result.source.name,
            syncedAt: result.catalog.syncedAt,
            tables: tables.length,
            marts: tables.filter((t) => /\.mart_/.test(t)),
            datasets: result.datasets,
            ...(result.missing.length > 0 && { missingMarts: result.missing }),
          },
          null,
          2,
        )}\n`,
      )
    })
}
