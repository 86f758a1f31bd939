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

  it('reads the hostile-file limits of uploads, with the ingest defaults', () => {
    expect(loadConfig({}).uploads.limits).toEqual({
      maxZipEntries: 10_000,
      maxEntryUncompressedBytes: 1536 * 1024 * 1024,
      maxTotalUncompressedBytes: 2048 * 1024 * 1024,
      maxCompressionRatio: 500,
      maxColumns: 16_384,
      maxRows: 2_000_000,
      maxParseMemoryMb: 512,
    })
    const set = loadConfig({
      VITRINA_UPLOAD_MAX_ZIP_ENTRIES: '100',
      VITRINA_UPLOAD_MAX_ENTRY_MB: '64',
      VITRINA_UPLOAD_MAX_UNCOMPRESSED_MB: '128',
      VITRINA_UPLOAD_MAX_COMPRESSION_RATIO: '50',
      VITRINA_UPLOAD_MAX_COLUMNS: '200',
      VITRINA_UPLOAD_MAX_ROWS: '500000',
      VITRINA_UPLOAD_PARSE_MEMORY_MB: '256',
    }).uploads.limits
    expect(set).toEqual({
      maxZipEntries: 100,
      maxEntryUncompressedBytes: 64 * 1024 * 1024,
      maxTotalUncompressedBytes: 128 * 1024 * 1024,
      maxCompressionRatio: 50,
      maxColumns: 200,
      maxRows: 500_000,
      maxParseMemoryMb: 256,
    })
  })

  it('refuses hostile-file limits that are out of range or contradict each other', () => {
    expect(() => loadConfig({ VITRINA_UPLOAD_MAX_ROWS: '0' })).toThrow(/VITRINA_UPLOAD_MAX_ROWS/)
    expect(() => loadConfig({ VITRINA_UPLOAD_MAX_COLUMNS: 'many' })).toThrow(/VITRINA_UPLOAD_MAX_COLUMNS/)
    expect(() => loadConfig({ VITRINA_UPLOAD_MAX_COMPRESSION_RATIO: '2' })).toThrow(
      /VITRINA_UPLOAD_MAX_COMPRESSION_RATIO/,
    )
    expect(() => loadConfig({ VITRINA_UPLOAD_PARSE_MEMORY_MB: '16' })).toThrow(
      /VITRINA_UPLOAD_PARSE_MEMORY_MB/,
    )
    expect(() =>
      loadConfig({ VITRINA_UPLOAD_MAX_ENTRY_MB: '300', VITRINA_UPLOAD_MAX_UNCOMPRESSED_MB: '200' }),
    ).toThrow(
      /VITRINA_UPLOAD_MAX_ENTRY_MB \(300\) must not exceed VITRINA_UPLOAD_MAX_UNCOMPRESSED_MB \(200\)/,
    )
  })

  it('takes the number of DuckDB query slots, 4 by default, and refuses one out of range', () => {
    expect(loadConfig({}).warehouse.duckdbQuerySlots).toBe(4)
    expect(loadConfig({ VITRINA_DUCKDB_QUERY_SLOTS: '1' }).warehouse.duckdbQuerySlots).toBe(1)
    expect(() => loadConfig({ VITRINA_DUCKDB_QUERY_SLOTS: '0' })).toThrow(/VITRINA_DUCKDB_QUERY_SLOTS/)
    expect(() => loadConfig({ VITRINA_DUCKDB_QUERY_SLOTS: '65' })).toThrow(/VITRINA_DUCKDB_QUERY_SLOTS/)
  })
})
