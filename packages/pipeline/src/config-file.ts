import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { bankVaultConfig } from './bank/vault-config'
import { parseVaultConfig, type VaultConfig } from './config'

/** `bank` names the built-in bank model; otherwise a .json file or a module whose default export is the config. */
export async function loadVaultConfig(spec: string): Promise<VaultConfig> {
  if (spec === 'bank') return bankVaultConfig()
  const path = resolve(spec)
  if (path.endsWith('.json')) return parseVaultConfig(JSON.parse(readFileSync(path, 'utf8')))
  const mod = (await import(pathToFileURL(path).href)) as { default?: unknown }
  return parseVaultConfig(mod.default)
}
