import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config/config'
import { migrateToLatest, openSystemDb } from '../db/system-db'
import { buildApp, createServices } from '../main'
import { ADMIN } from '../testing/test-app'

const CLI = path.resolve(import.meta.dirname, '..', 'cli.ts')
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrina-import-'))
const env = { VITRINA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', VITRINA_WEB_DIR: '/nonexistent' }

function vitrina(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  })
}

/** Runs `work` against the data folder in this process, then closes everything (the CLI needs the files). */
async function inProcess<T>(work: (inject: ReturnType<typeof injector>) => Promise<T>): Promise<T> {
  const config = loadConfig(env)
  const systemDb = await openSystemDb({ databaseUrl: null, dataDir })
  await migrateToLatest(systemDb.db)
  const services = createServices(systemDb, config)
  const app = await buildApp(services, config, false)
  try {
    return await work(injector(app))
  } finally {
    await app.close()
    await services.datasetFeature.close()
    await systemDb.close()
  }
}

function injector(app: Awaited<ReturnType<typeof buildApp>>) {
  return async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const setup = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: ADMIN.email, password: ADMIN.password },
    })
    const cookie = setup.cookies.find((c) => c.name === 'vitrina_session')
    return app.inject({
      method,
      url,
      payload,
      headers: { cookie: `vitrina_session=${cookie?.value}`, 'x-csrf-token': setup.json().csrfToken },
    })
  }
}

describe('vitrina import', () => {
  let datasetId = ''
  const file = (name: string, text: string) => {
    const p = path.join(dataDir, name)
    fs.writeFileSync(p, text)
    return p
  }

  beforeAll(async () => {
    const config = loadConfig(env)
    const systemDb = await openSystemDb({ databaseUrl: null, dataDir })
    await migrateToLatest(systemDb.db)
    const app = await buildApp(createServices(systemDb, config), config, false)
    expect((await app.inject({ method: 'POST', url: '/api/setup', payload: ADMIN })).statusCode).toBe(201)
    await app.close()
    await systemDb.close()
    datasetId = await inProcess(async (inject) => {
      const res = await inject('POST', '/api/datasets', {
        name: 'Остатки',
        schema: {
          columns: [
            { displayName: 'Склад', identifier: 'sklad', type: 'text', required: true },
            { displayName: 'Количество', identifier: 'kolichestvo', type: 'integer', required: true },
          ],
        },
      })
      expect(res.statusCode, res.body).toBe(201)
      return res.json().id as string
    })
  }, 120_000)
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

  it('imports a file with progress on stderr and a summary on stdout', () => {
    const res = vitrina([
      'import',
      file('ok.csv', 'Склад;Количество\nСевер;1 200\nЮг;30\nИтого;1 230\n'),
      '--dataset',
      'Остатки',
    ])
    expect(res.status, res.stderr).toBe(0)
    expect(res.stderr).toContain('ok.csv')
    expect(res.stderr).toMatch(/\[#+\] 100%\s+done: read 2, valid 2, invalid 0, loaded 2/)
    expect(res.stdout).toMatch(/^Loaded batch .*: 2 inserted, 0 updated, 0 removed/)
    expect(res.stdout).toContain('note: ')
  }, 120_000)

  it('refuses an invalid file with the validation report and a non-zero exit code, writing nothing', async () => {
    const res = vitrina([
      'import',
      file('bad.csv', 'Склад;Количество\nСевер;много\n;5\n'),
      '--dataset',
      'Остатки',
      '--mode',
      'replace',
    ])
    expect(res.status).toBe(1)
    expect(res.stderr).toContain('Refused: 2 invalid cell(s); nothing was written.')
    expect(res.stderr).toContain('bad.csv · bad · row 2 · column B (Количество) · "много" · not_a_number')
    expect(res.stderr).toContain('row 3 · column A (Склад) · "" · required')
    const copy = res.stderr.match(/The highlighted copy: (.+)\n/)?.[1] ?? ''
    expect(fs.existsSync(copy)).toBe(true)

    const dup = vitrina(['import', path.join(dataDir, 'ok.csv'), '--dataset', 'Остатки'])
    expect(dup.status).toBe(1)
    expect(dup.stderr).toContain('UPLOAD_DUPLICATE')

    const rows = await inProcess(async (inject) =>
      (await inject('POST', `/api/datasets/${datasetId}/rows/query`, {})).json(),
    )
    expect(rows.total).toBe(2)
  }, 120_000)

  it('names an unknown dataset and a bad mode', () => {
    const unknown = vitrina(['import', path.join(dataDir, 'ok.csv'), '--dataset', 'Нет такого'])
    expect(unknown.status).toBe(1)
    expect(unknown.stderr).toContain('No dataset named "Нет такого"')
    const mode = vitrina(['import', path.join(dataDir, 'ok.csv'), '--dataset', 'Остатки', '--mode', 'merge'])
    expect(mode.status).not.toBe(0)
    expect(mode.stderr).toContain('expected append, replace, replace-period or upsert')
  }, 120_000)
})
