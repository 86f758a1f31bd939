import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSystemDb } from './db/system-db'

const CLI = path.resolve(import.meta.dirname, 'cli.ts')
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrina-cli-'))

function vitrina(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, VITRINA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...opts.env },
    timeout: 60_000,
  })
}

describe('vitrina CLI', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

  it('prints help for every command', () => {
    for (const args of [
      ['--help'],
      ['start', '--help'],
      ['migrate', '--help'],
      ['user', 'create', '--help'],
    ]) {
      const res = vitrina(args)
      expect(res.status, args.join(' ')).toBe(0)
      expect(res.stdout).toContain('Usage: vitrina')
    }
  })

  it('migrates, then creates a user with the password from stdin, never from argv', async () => {
    const migrate = vitrina(['migrate'])
    expect(migrate.stdout).toContain('Applied: 0001-auth')
    expect(vitrina(['migrate']).stdout).toContain('Already up to date')

    const created = vitrina(['user', 'create', '--email', 'cli@example.com', '--role', 'analyst'], {
      input: 'cli-password-123\n',
    })
    expect(created.stderr).toBe('')
    expect(created.stdout).toMatch(/^Created analyst cli@example.com/)

    const opened = await openSystemDb({ databaseUrl: null, dataDir })
    const row = await opened.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'cli@example.com')
      .executeTakeFirst()
    await opened.close()
    expect(row?.password_hash.startsWith('$argon2id$')).toBe(true)
  })

  it('refuses a weak password, a bad role and a bad environment with clear messages', () => {
    const weak = vitrina(['user', 'create', '--email', 'w@example.com', '--role', 'viewer'], {
      input: 'short\n',
    })
    expect(weak.status).toBe(1)
    expect(weak.stderr).toContain('password')
    const role = vitrina(['user', 'create', '--email', 'r@example.com', '--role', 'boss'])
    expect(role.status).not.toBe(0)
    expect(role.stderr).toContain('expected admin, analyst or viewer')
    const env = vitrina(['migrate'], { env: { PORT: 'x' } })
    expect(env.status).toBe(78)
    expect(env.stderr).toContain('PORT')
  })
})
