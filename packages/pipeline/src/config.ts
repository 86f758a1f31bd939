import { z } from 'zod'
import { PipelineError } from './errors'

const ident = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'lower-case SQL identifier')

const hubSchema = z.object({
  name: ident,
  /** Names of the business-key columns in the hub table, in hashing order. */
  businessKeys: z.array(ident).min(1),
})

const linkHubSchema = z.object({
  hub: ident,
  /** Column name prefix in the link table (`<role>_hk`); defaults to the hub name without `hub_`. */
  role: ident.nullable().default(null),
  /** Source columns that give this hub's business key, in the hub's key order. */
  columns: z.array(ident).min(1),
})

const linkSchema = z.object({ name: ident, hubs: z.array(linkHubSchema).min(2) })

const satelliteSchema = z.object({
  name: ident,
  columns: z.array(ident).min(1),
  /** New nullable source columns are added to this satellite without a restart. */
  evolve: z.boolean().default(false),
})

const tableSchema = z.object({
  /** Source table as `schema.table`. */
  source: z.string().regex(/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/, 'schema.table'),
  hub: ident,
  /** Source columns forming the hub's business key (normally the primary key). */
  keyColumns: z.array(ident).min(1),
  recordSource: z.string().min(1).nullable().default(null),
  links: z.array(linkSchema).default([]),
  satellites: z.array(satelliteSchema).min(1),
})

export const vaultConfigSchema = z.object({
  /** Target schema that holds the raw vault, the business vault and the pipeline's own tables. */
  schema: ident.default('vault'),
  hubs: z.array(hubSchema).min(1),
  tables: z.array(tableSchema).min(1),
  /** Business-vault SQL (views, marts) run after the raw vault exists; `{{schema}}` is replaced. */
  businessVaultSql: z.string().nullable().default(null),
})

export type VaultConfigInput = z.input<typeof vaultConfigSchema>
export type VaultConfig = z.output<typeof vaultConfigSchema>
export type TableConfig = VaultConfig['tables'][number]
export type HubConfig = VaultConfig['hubs'][number]
export type SatelliteConfig = TableConfig['satellites'][number]
export type LinkConfig = TableConfig['links'][number]

/** Validates a vault config, including the cross references zod cannot see. */
export function parseVaultConfig(input: unknown): VaultConfig {
  const parsed = vaultConfigSchema.safeParse(input)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new PipelineError('PIPELINE_CONFIG_INVALID', `invalid vault config: ${issues.join('; ')}`, {
      issues,
    })
  }
  const config = parsed.data
  const problems: string[] = []
  const hubs = new Map(config.hubs.map((h) => [h.name, h]))
  const names = new Set<string>()
  const claim = (name: string) => {
    if (names.has(name)) problems.push(`table name ${name} is used twice`)
    names.add(name)
  }
  for (const h of config.hubs) claim(h.name)
  const sources = new Set<string>()
  for (const t of config.tables) {
    if (sources.has(t.source)) problems.push(`${t.source} is declared twice`)
    sources.add(t.source)
    const hub = hubs.get(t.hub)
    if (!hub) problems.push(`${t.source}: unknown hub ${t.hub}`)
    else if (hub.businessKeys.length !== t.keyColumns.length)
      problems.push(`${t.source}: keyColumns must match the ${t.hub} business keys`)
    for (const l of t.links) {
      claim(l.name)
      for (const lh of l.hubs) {
        const target = hubs.get(lh.hub)
        if (!target) problems.push(`${l.name}: unknown hub ${lh.hub}`)
        else if (target.businessKeys.length !== lh.columns.length)
          problems.push(`${l.name}: columns for ${lh.hub} must match its business keys`)
      }
      const roles = l.hubs.map(linkRole)
      if (new Set(roles).size !== roles.length) problems.push(`${l.name}: give repeated hubs distinct roles`)
    }
    for (const s of t.satellites) claim(s.name)
    claim(statusSatelliteName(t))
    if (t.satellites.filter((s) => s.evolve).length > 1)
      problems.push(`${t.source}: at most one satellite may evolve`)
  }
  if (problems.length > 0)
    throw new PipelineError('PIPELINE_CONFIG_INVALID', `invalid vault config: ${problems.join('; ')}`, {
      issues: problems,
    })
  return config
}

export function linkRole(lh: LinkConfig['hubs'][number]): string {
  return lh.role ?? lh.hub.replace(/^hub_/, '')
}

export function statusSatelliteName(t: TableConfig): string {
  return `sat_${t.source.split('.')[1]}_status`
}

export function recordSourceOf(t: TableConfig): string {
  return t.recordSource ?? t.source
}
