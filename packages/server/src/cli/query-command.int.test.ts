import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const CLI = path.resolve(import.meta.dirname, '../cli.ts')
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrina-cli-query-'))

function vitrina(args: string[], input = '') {
  return spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, VITRINA_DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    timeout: 120_000,
  })
}

describe('vitrina query', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

  it('runs SQL on the warehouse as table, json and csv, with variables bound, and refuses writes', () => {
    const admin = vitrina(
      ['user', 'create', '--email', 'root@example.com', '--role', 'admin'],
      'admin-password-1\n',
    )
    expect(admin.status, admin.stderr).toBe(0)

    const sql = "SELECT CAST({{n}} AS INTEGER) + 1 AS next, 'Москва' AS city"
    const table = vitrina(['query', '--source', 'warehouse', '--sql', sql, '--param', 'n=41'])
    expect(table.status, table.stderr).toBe(0)
    expect(table.stdout).toMatch(/next +\| city/)
    expect(table.stdout).toMatch(/42 +\| Москва/)
    expect(table.stdout).toContain('(1 row)')

    const json = vitrina([
      'query',
      '--source',
      'warehouse',
      '--sql',
      sql,
      '--param',
      'n=1',
      '--format',
      'json',
    ])
    expect(JSON.parse(json.stdout)).toEqual([{ next: 2, city: 'Москва' }])

    const csv = vitrina(['query', '--source', 'warehouse', '--sql', "SELECT '=1+1' AS f", '--format', 'csv'])
    expect(csv.stdout).toBe("f\r\n'=1+1\r\n")

    const write = vitrina(['query', '--source', 'warehouse', '--sql', 'CREATE TABLE x (a int)'])
    expect(write.status).toBe(1)
    expect(write.stderr).toMatch(/^SQL_WRITE_REFUSED: /)

    const missing = vitrina(['query', '--source', 'nope', '--sql', 'SELECT 1'])
    expect(missing.stderr).toMatch(/^SOURCE_NOT_FOUND/)
  }, 300_000)
})
