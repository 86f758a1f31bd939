import { describe, expect, it } from 'vitest'
import { bankVaultConfig } from './bank/vault-config'
import { parseVaultConfig } from './config'
import { PipelineError } from './errors'

describe('vault config validation', () => {
  it('accepts the bank model', () => {
    const config = bankVaultConfig()
    expect(config.tables).toHaveLength(11)
    expect(config.businessVaultSql).toContain('mart_daily_turnover')
  })

  it('names what is wrong, with a stable code', () => {
    const bad = () =>
      parseVaultConfig({
        hubs: [{ name: 'hub_a', businessKeys: ['a_id'] }],
        tables: [
          {
            source: 'public.a',
            hub: 'hub_missing',
            keyColumns: ['id', 'other'],
            satellites: [{ name: 'sat_a', columns: ['x'] }],
          },
        ],
      })
    expect(bad).toThrow(PipelineError)
    expect(bad).toThrow(/unknown hub hub_missing/)
    const err = (() => {
      try {
        parseVaultConfig({ hubs: [], tables: [] })
        return null
      } catch (e) {
        return e as PipelineError
      }
    })()
    expect(err?.code).toBe('PIPELINE_CONFIG_INVALID')
  })
})
