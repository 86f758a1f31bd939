import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config'

describe('loadConfig', () => {
  it('has working defaults for the embedded install', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: null,
      services: ['web', 'worker'],
      cookieSecure: 'auto',
    })
    expect(config.dataDir.endsWith('/data')).toBe(true)
  })

  it('names the variable, the expectation and the value when one is wrong', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })
    expect(attempt).toThrow(ConfigError)
    try {
      attempt()
    } catch (error) {
      const message = (error as ConfigError).message
      expect(message).toContain('PORT')
      expect(message).toContain('"eighty"')
      expect(message).toContain('DATABASE_URL: must be a postgres:// connection URL')
    }
  })

  it('refuses an unknown service', () => {
    expect(() => loadConfig({ VITRINA_SERVICES: 'web,mailer' })).toThrow(/unknown service "mailer"/)
  })

  it('keeps /metrics closed unless a token or a listener is configured', () => {
    expect(loadConfig({}).metrics).toEqual({ token: null, listen: null })
    expect(loadConfig({ METRICS_LISTEN: '127.0.0.1:9464' }).metrics.listen).toEqual({
      host: '127.0.0.1',
      port: 9464,
    })
    expect(loadConfig({ METRICS_LISTEN: '[::1]:9464' }).metrics.listen).toEqual({ host: '::1', port: 9464 })
    expect(() => loadConfig({ METRICS_LISTEN: '9464' })).toThrow(/METRICS_LISTEN: must be host:port/)
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16/)
  })
})
