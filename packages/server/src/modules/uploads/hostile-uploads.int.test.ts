import { readdirSync } from 'node:fs'
import path from 'node:path'
import type { ApiBatch, ApiDataset } from '@vitrina/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildOle } from '../../../../ingest/src/testing/ole'
import { buildXlsx } from '../../../../ingest/src/testing/xlsx-fixture'
import type { Session, TestApp } from '../../testing/test-app'
import { createDatasetsTestApp, finished, multipart, upload } from '../datasets/datasets-test-kit'

const DOCTYPE = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'

describe('hostile files through the API', () => {
  let t: TestApp
  let admin: Session
  let ds: ApiDataset

  beforeAll(async () => {
    t = await createDatasetsTestApp('duckdb', { VITRINA_UPLOAD_MAX_MB: '2', VITRINA_BODY_LIMIT_MB: '1' })
    admin = await t.setupAdmin()
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/datasets',
      payload: {
        name: 'Цель',
        schema: { columns: [{ displayName: 'a', identifier: 'a', type: 'text', required: false }] },
      },
    })
    ds = res.json() as ApiDataset
  })
  afterAll(async () => {
    await t.close()
  })

  const send = (fileName: string, data: Buffer) => {
    const { payload, headers } = multipart(fileName, data)
    return t.app.inject({
      method: 'POST',
      url: '/api/uploads',
      payload,
      headers: { ...headers, cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    })
  }
  const importInto = async (uploadId: string) =>
    t.as(admin, { method: 'POST', url: `/api/datasets/${ds.id}/imports`, payload: { uploadId } })

  const refusedAtUpload: [string, string, Buffer, number, string][] = [
    [
      'a password-protected xlsx',
      'secret.xlsx',
      buildOle({ EncryptionInfo: Buffer.alloc(64, 1), EncryptedPackage: Buffer.alloc(4096, 2) }),
      400,
      'INGEST_ENCRYPTED',
    ],
    [
      'a DOCTYPE in the workbook',
      'dtd.xlsx',
      buildXlsx({
        sheets: [{ name: 'S', rows: [['a']] }],
        parts: [{ name: 'xl/workbook.xml', data: `${DOCTYPE}<workbook/>` }],
      }),
      400,
      'INGEST_DTD_FORBIDDEN',
    ],
    [
      'binary garbage',
      'garbage.csv',
      Buffer.from(Array.from({ length: 4096 }, (_v, i) => (i * 7919) % 256)),
      415,
      'INGEST_UNSUPPORTED_FORMAT',
    ],
    ['an empty file', 'empty.xlsx', Buffer.alloc(0), 400, 'INGEST_EMPTY_FILE'],
    [
      'a file over the size limit',
      'big.csv',
      Buffer.alloc(3 * 1024 * 1024, 'a'),
      413,
      'INGEST_FILE_TOO_LARGE',
    ],
  ]

  it.each(refusedAtUpload)('refuses %s when it arrives', async (_name, fileName, data, status, code) => {
    const res = await send(fileName, data)
    expect(res.statusCode, res.body).toBe(status)
    expect(res.json().error.code).toBe(code)
    expect(res.json().error.message.length).toBeGreaterThan(10)
  })

  it('takes files larger than the JSON body limit, up to the upload limit', async () => {
    const res = await send('wide.csv', Buffer.from(`a\n${'x'.repeat(99)}\n`.repeat(15_000)))
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().sizeBytes).toBeGreaterThan(1024 * 1024)
  })

  it('previews a 16,384-column file and refuses to make a dataset that wide, clearly', async () => {
    const header = Array.from({ length: 16_384 }, (_v, i) => `c${i}`).join(',')
    const row = Array.from({ length: 16_384 }, (_v, i) => String(i)).join(',')
    const res = await send('wide16k.csv', Buffer.from(`${header}\n${row}\n`))
    expect(res.statusCode, res.body).toBe(201)
    const pre = await t.as(admin, {
      method: 'POST',
      url: `/api/uploads/${res.json().id}/preview`,
      payload: {},
    })
    expect(pre.statusCode).toBe(200)
    const columns = pre.json().columns as {
      displayName: string
      identifier: string
      type: string
      sourceIndex: number
    }[]
    expect(columns).toHaveLength(16_384)
    const create = await t.as(admin, {
      method: 'POST',
      url: '/api/datasets/from-upload',
      payload: {
        uploadId: res.json().id,
        name: 'Широкий',
        columns: columns.slice(0, 1001).map((c) => ({ ...c, required: false, enumValues: null })),
      },
    })
    expect(create.statusCode).toBe(400)
    expect(create.json().error.code).toBe('VALIDATION_FAILED')
    expect(create.json().error.message).toContain('columns')
  })

  it('refuses a request without a file', async () => {
    const res = await t.as(admin, { method: 'POST', url: '/api/uploads', payload: { file: 'x' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('UPLOAD_NO_FILE')
  })

  const refusedAtImport: [string, string, Buffer, string][] = [
    [
      'a DOCTYPE in the sheet',
      'dtd-sheet.xlsx',
      buildXlsx({
        sheets: [{ name: 'S', rows: [['a']] }],
        parts: [{ name: 'xl/worksheets/sheet1.xml', data: `${DOCTYPE}<worksheet><sheetData/></worksheet>` }],
      }),
      'INGEST_DTD_FORBIDDEN',
    ],
    [
      'a zip bomb (64 MB of zeros in one cell)',
      'bomb.xlsx',
      buildXlsx({
        sheets: [{ name: 'S', rows: [['a']] }],
        parts: [
          {
            name: 'xl/worksheets/sheet1.xml',
            data: Buffer.concat([
              Buffer.from('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'),
              Buffer.alloc(64 * 1024 * 1024),
            ]),
            claimedSize: 100,
          },
        ],
      }),
      'INGEST_ZIP_BOMB',
    ],
  ]

  it.each(refusedAtImport)('refuses %s before writing anything', async (_name, fileName, data, code) => {
    const res = await send(fileName, data)
    expect(res.statusCode, res.body).toBe(201)
    const started = await importInto(res.json().id)
    expect(started.statusCode, started.body).toBe(400)
    expect(started.json().error.code).toBe(code)
  })

  it('has written nothing, kept no partial upload, and still serves requests', async () => {
    const rows = await t.as(admin, { method: 'POST', url: `/api/datasets/${ds.id}/rows/query`, payload: {} })
    expect(rows.json().total).toBe(0)
    expect(
      (await t.as(admin, { method: 'GET', url: `/api/datasets/${ds.id}/batches` })).json().batches,
    ).toEqual([])
    const incoming = path.join(t.config.dataDir, 'uploads', 'incoming')
    // Refused files are deleted; only the four that were accepted remain.
    expect(readdirSync(incoming)).toHaveLength(4)
    expect((await t.as(null, { method: 'GET', url: '/api/health' })).statusCode).toBe(200)

    const ok = await upload(t, admin, 'ok.csv', Buffer.from('a\nпривет\n'))
    const started = await importInto(ok.id)
    expect(started.statusCode, started.body).toBe(202)
    const batch = await finished(t, admin, ds.id, (started.json() as { batch: ApiBatch }).batch.id)
    expect(batch).toMatchObject({ status: 'loaded', rowsInserted: 1 })

    // The worker's purge removes received files; the batch keeps its own copy of the original.
    expect(await t.services.datasetFeature.uploads.purgeIncoming(0)).toBe(5)
    expect(readdirSync(incoming)).toEqual([])
    const original = await t.as(admin, {
      method: 'GET',
      url: `/api/datasets/${ds.id}/batches/${batch.id}/original`,
    })
    expect(original.body).toBe('a\nпривет\n')
  })
})

describe('the parse time limit', () => {
  it('stops reading a file past the limit: the batch fails with INGEST_TIMEOUT and nothing is written', async () => {
    const t = await createDatasetsTestApp('duckdb', { VITRINA_UPLOAD_PARSE_TIMEOUT_SECONDS: '1' })
    try {
      const admin = await t.setupAdmin()
      const lines = ['Код;Сумма']
      for (let i = 0; i < 1_500_000; i++) lines.push(`K${i};${i},5`)
      const u = await upload(t, admin, 'long.csv', Buffer.from(`${lines.join('\n')}\n`))
      const res = await t.as(admin, {
        method: 'POST',
        url: '/api/datasets',
        payload: {
          name: 'Длинный',
          schema: {
            columns: [
              { displayName: 'Код', identifier: 'kod', type: 'text', required: true },
              { displayName: 'Сумма', identifier: 'summa', type: 'decimal', required: true },
            ],
          },
        },
      })
      const id = (res.json() as ApiDataset).id
      const started = await t.as(admin, {
        method: 'POST',
        url: `/api/datasets/${id}/imports`,
        payload: { uploadId: u.id },
      })
      expect(started.statusCode, started.body).toBe(202)
      const batch = await finished(t, admin, id, (started.json() as { batch: ApiBatch }).batch.id)
      expect(batch).toMatchObject({ status: 'failed', error: { code: 'INGEST_TIMEOUT' }, rowsInserted: 0 })
      const rows = await t.as(admin, { method: 'POST', url: `/api/datasets/${id}/rows/query`, payload: {} })
      expect(rows.json().total).toBe(0)
    } finally {
      await t.close()
    }
  }, 180_000)
})

describe('hostile-file limits from the configuration', () => {
  let t: TestApp
  let admin: Session

  beforeAll(async () => {
    t = await createDatasetsTestApp('duckdb', {
      VITRINA_UPLOAD_MAX_COLUMNS: '3',
      VITRINA_UPLOAD_MAX_ROWS: '1200',
      VITRINA_UPLOAD_MAX_ZIP_ENTRIES: '4',
    })
    admin = await t.setupAdmin()
  })
  afterAll(async () => {
    await t.close()
  })

  const send = (fileName: string, data: Buffer) => {
    const { payload, headers } = multipart(fileName, data)
    return t.app.inject({
      method: 'POST',
      url: '/api/uploads',
      payload,
      headers: { ...headers, cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    })
  }
  const preview = async (uploadId: string) =>
    t.as(admin, { method: 'POST', url: `/api/uploads/${uploadId}/preview`, payload: {} })

  it('refuses an .xlsx with more zip entries than VITRINA_UPLOAD_MAX_ZIP_ENTRIES', async () => {
    const res = await send('entries.xlsx', buildXlsx({ sheets: [{ name: 'S', rows: [['a']] }] }))
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({ code: 'INGEST_ZIP_BOMB', details: { limit: 4 } })
  })

  it('refuses a sheet wider than VITRINA_UPLOAD_MAX_COLUMNS, and takes one within it', async () => {
    const wide = await send('wide.csv', Buffer.from('a;b;c;d\n1;2;3;4\n'))
    expect(wide.statusCode, wide.body).toBe(201)
    const refused = await preview(wide.json().id)
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error).toMatchObject({ code: 'INGEST_TOO_MANY_COLUMNS', details: { limit: 3 } })
    const ok = await send('ok.csv', Buffer.from('a;b;c\n1;2;3\n'))
    expect((await preview(ok.json().id)).statusCode).toBe(200)
  })

  it('refuses a sheet longer than VITRINA_UPLOAD_MAX_ROWS before any batch exists', async () => {
    const long = await send('long.csv', Buffer.from(`a\n${'1\n'.repeat(1500)}`))
    expect(long.statusCode, long.body).toBe(201)
    const ds = await t.as(admin, {
      method: 'POST',
      url: '/api/datasets',
      payload: {
        name: 'Длинный',
        schema: { columns: [{ displayName: 'a', identifier: 'a', type: 'integer', required: false }] },
      },
    })
    const id = (ds.json() as ApiDataset).id
    const started = await t.as(admin, {
      method: 'POST',
      url: `/api/datasets/${id}/imports`,
      payload: { uploadId: long.json().id },
    })
    expect(started.statusCode).toBe(400)
    expect(started.json().error).toMatchObject({ code: 'INGEST_TOO_MANY_ROWS', details: { limit: 1200 } })
    expect((await t.as(admin, { method: 'GET', url: `/api/datasets/${id}/batches` })).json().batches).toEqual(
      [],
    )
  })
})
