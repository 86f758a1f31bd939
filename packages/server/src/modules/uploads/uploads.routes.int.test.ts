import type { ApiBatch, ApiDataset, ApiPreview, RowsPage, ValidationReport } from '@vitrina/contracts'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeWithSheetJs } from '../../../../ingest/src/testing/ole'
import type { Session, TestApp } from '../../testing/test-app'
import { createDatasetsTestApp, finished, upload, WAREHOUSE_KINDS, xlsx } from '../datasets/datasets-test-kit'

describe.each(WAREHOUSE_KINDS)('uploads into the %s warehouse', (kind) => {
  let t: TestApp
  let admin: Session

  beforeAll(async () => {
    t = await createDatasetsTestApp(kind)
    admin = await t.setupAdmin()
  })
  afterAll(async () => {
    await t.close()
  })

  const rows = async (id: string, body: object = {}): Promise<RowsPage> => {
    const res = await t.as(admin, { method: 'POST', url: `/api/datasets/${id}/rows/query`, payload: body })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as RowsPage
  }
  const dataset = async (id: string): Promise<ApiDataset> =>
    (await t.as(admin, { method: 'GET', url: `/api/datasets/${id}` })).json() as ApiDataset

  const importCsv = async (
    id: string,
    name: string,
    csv: string,
    opts: Record<string, unknown> = {},
    query = '',
  ) => {
    const u = await upload(t, admin, name, Buffer.from(csv))
    return t.as(admin, {
      method: 'POST',
      url: `/api/datasets/${id}/imports${query}`,
      payload: { uploadId: u.id, ...opts },
    })
  }
  const importAndWait = async (id: string, name: string, csv: string, opts: Record<string, unknown> = {}) => {
    const res = await importCsv(id, name, csv, opts)
    expect(res.statusCode, res.body).toBe(202)
    return finished(t, admin, id, (res.json() as { batch: ApiBatch }).batch.id)
  }

  const importAndWaitFile = async (id: string, name: string, data: Buffer, opts: Record<string, unknown>) => {
    const u = await upload(t, admin, name, data)
    const res = await t.as(admin, {
      method: 'POST',
      url: `/api/datasets/${id}/imports`,
      payload: { uploadId: u.id, ...opts },
    })
    expect(res.statusCode, res.body).toBe(202)
    return finished(t, admin, id, (res.json() as { batch: ApiBatch }).batch.id)
  }

  let reportId = ''

  it('creates a dataset from a Russian .xlsx: sheet choice, preview, edited columns, totals dropped', async () => {
    const file = await xlsx({
      Инструкция: [['Заполните лист «Данные»']],
      Данные: [
        ['Дата', 'Регион', 'Выручка, ₽', 'Оплачено'],
        ['31.12.2025', 'Москва', '1 234,56', 'да'],
        ['01.01.2026', 'Казань', '(100)', 'нет'],
        ['02.01.2026', 'Москва', '2 000', 'да'],
        ['Итого', null, '3 134,56', null],
      ],
    })
    const u = await upload(t, admin, 'Отчёт за декабрь.xlsx', file)
    expect(u.fileName).toBe('Отчёт за декабрь.xlsx')
    expect(u.sheets.map((s) => s.name)).toEqual(['Инструкция', 'Данные'])
    expect(u.sha256).toMatch(/^[0-9a-f]{64}$/)

    const pre = await t.as(admin, {
      method: 'POST',
      url: `/api/uploads/${u.id}/preview`,
      payload: { sheet: 'Данные' },
    })
    expect(pre.statusCode, pre.body).toBe(200)
    const preview = pre.json() as ApiPreview
    expect(preview.columns.map((c) => [c.identifier, c.type])).toEqual([
      ['data', 'date'],
      ['region', 'text'],
      ['vyruchka', 'decimal'],
      ['oplacheno', 'boolean'],
    ])
    expect(preview.sample[0]?.cells).toEqual(['31.12.2025', 'Москва', '1 234,56', 'да'])
    expect(preview.notes.map((n) => n.kind)).toEqual(['totals_row_dropped'])

    const columns = preview.columns.map(({ displayName, identifier, type, enumValues, sourceIndex }) => ({
      displayName: identifier === 'region' ? 'Регион продаж' : displayName,
      identifier,
      type,
      required: identifier === 'data',
      enumValues,
      sourceIndex,
    }))
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/datasets/from-upload',
      payload: { uploadId: u.id, sheet: 'Данные', name: 'Выручка по регионам', columns },
    })
    expect(res.statusCode, res.body).toBe(202)
    const created = res.json() as { dataset: ApiDataset; batch: ApiBatch }
    expect(created.dataset.table.schema).toBe('datasets')
    expect(created.dataset.table.name).toBe('vyruchka_po_regionam')
    const batch = await finished(t, admin, created.dataset.id, created.batch.id)
    expect(batch).toMatchObject({ status: 'loaded', rowsInserted: 3, sheet: 'Данные', mode: 'append' })
    expect(batch.progress).toMatchObject({ phase: 'done', rowsParsed: 3, rowsLoaded: 3 })
    expect(batch.notes.map((n) => n.kind)).toEqual(['totals_row_dropped'])

    const page = await rows(created.dataset.id, { sort: [{ column: 'data', direction: 'asc' }] })
    expect(page.total).toBe(3)
    expect(page.rows.map((r) => r.values)).toEqual([
      { data: '2025-12-31', region: 'Москва', vyruchka: '1234.56', oplacheno: true },
      { data: '2026-01-01', region: 'Казань', vyruchka: '-100', oplacheno: false },
      { data: '2026-01-02', region: 'Москва', vyruchka: '2000', oplacheno: true },
    ])
    expect(page.rows[0]?.batchId).toBe(batch.id)
    const d = await dataset(created.dataset.id)
    expect(d.rowCount).toBe(3)
    expect(d.dataVersion).toBeGreaterThan(created.dataset.dataVersion)
    expect(d.lastLoadedAt).not.toBeNull()
    expect(await t.services.datasetFeature.datasets.dataVersions([d.id])).toEqual(
      new Map([[d.id, d.dataVersion]]),
    )

    // The same file again is detected and needs a confirmation.
    const again = await upload(t, admin, 'копия.xlsx', file)
    const dup = await t.as(admin, {
      method: 'POST',
      url: `/api/datasets/${d.id}/imports`,
      payload: { uploadId: again.id, sheet: 'Данные' },
    })
    expect(dup.statusCode, dup.body).toBe(409)
    expect(dup.json().error.code).toBe('UPLOAD_DUPLICATE')
    expect(dup.json().error.details.batch.id).toBe(batch.id)
    const confirmed = await t.as(admin, {
      method: 'POST',
      url: `/api/datasets/${d.id}/imports?confirmDuplicate=true`,
      payload: { uploadId: again.id, sheet: 'Данные' },
    })
    expect(confirmed.statusCode, confirmed.body).toBe(202)
    const second = await finished(t, admin, d.id, (confirmed.json() as { batch: ApiBatch }).batch.id)
    expect(second.status).toBe('loaded')
    expect((await rows(d.id)).total).toBe(6)

    // The original file is kept for audit.
    const original = await t.as(admin, {
      method: 'GET',
      url: `/api/datasets/${d.id}/batches/${second.id}/original`,
    })
    expect(original.statusCode).toBe(200)
    expect(original.rawPayload.equals(file)).toBe(true)
    expect(original.headers['content-disposition']).toContain(
      "filename*=UTF-8''%D0%BA%D0%BE%D0%BF%D0%B8%D1%8F.xlsx",
    )
  })

  let keyed: ApiDataset
  const header = 'Код;Дата;Сумма\n'

  it('imports in every mode: append, upsert, replace-period, replace; rolls a batch back', async () => {
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/datasets',
      payload: {
        name: 'Платежи',
        schema: {
          columns: [
            { displayName: 'Код', identifier: 'kod', type: 'text', required: true },
            { displayName: 'Дата', identifier: 'data', type: 'date', required: true },
            { displayName: 'Сумма', identifier: 'summa', type: 'decimal', required: false },
          ],
          keyColumns: ['kod'],
        },
      },
    })
    expect(res.statusCode, res.body).toBe(201)
    keyed = res.json() as ApiDataset
    const values = async () =>
      (await rows(keyed.id, { sort: [{ column: 'kod', direction: 'asc' }] })).rows.map(
        (r) => `${r.values.kod} ${r.values.data} ${r.values.summa}`,
      )

    const a = await importAndWait(
      keyed.id,
      'a.csv',
      `${header}A;31.12.2025;10\nB;15.01.2026;20\nC;20.01.2026;30\n`,
    )
    expect(a).toMatchObject({ status: 'loaded', rowsInserted: 3 })

    const up = await importAndWait(keyed.id, 'b.csv', `${header}A;31.12.2025;11,5\nE;05.02.2026;50\n`, {
      mode: 'upsert',
    })
    expect(up).toMatchObject({ status: 'loaded', rowsInserted: 1, rowsUpdated: 1 })
    expect(await values()).toEqual([
      'A 2025-12-31 11.5',
      'B 2026-01-15 20',
      'C 2026-01-20 30',
      'E 2026-02-05 50',
    ])

    const noPeriod = await importCsv(keyed.id, 'c.csv', `${header}D;10.01.2026;40\n`, {
      mode: 'replace-period',
    })
    expect(noPeriod.statusCode).toBe(400)
    expect(noPeriod.json().error.code).toBe('UPLOAD_PERIOD_COLUMN_REQUIRED')
    const period = await importAndWait(keyed.id, 'c.csv', `${header}D;10.01.2026;40\nF;20.01.2026;60\n`, {
      mode: 'replace-period',
      periodColumn: 'data',
    })
    expect(period).toMatchObject({ status: 'loaded', rowsInserted: 2, rowsDeleted: 2 })
    expect(await values()).toEqual([
      'A 2025-12-31 11.5',
      'D 2026-01-10 40',
      'E 2026-02-05 50',
      'F 2026-01-20 60',
    ])

    const replace = await importAndWait(keyed.id, 'd.csv', `${header}G;01.03.2026;70\n`, { mode: 'replace' })
    expect(replace).toMatchObject({ status: 'loaded', rowsInserted: 1, rowsDeleted: 4 })
    expect(await values()).toEqual(['G 2026-03-01 70'])

    const rollback = (id: string) =>
      t.as(admin, { method: 'POST', url: `/api/datasets/${keyed.id}/batches/${id}/rollback` })
    const list = async () =>
      (
        (await t.as(admin, { method: 'GET', url: `/api/datasets/${keyed.id}/batches` })).json() as {
          batches: ApiBatch[]
        }
      ).batches

    // The replace removed rows of the replace-period and the upsert; the append's rows were all replaced
    // before it (A by the upsert, B and C by the replace-period), so the newest of those blocks it.
    const ref = (b: ApiBatch, fileName: string) => ({ id: b.id, fileName, createdAt: b.createdAt })
    expect((await list()).map((b) => [b.mode, b.replacedBy])).toEqual([
      ['replace', null],
      ['replace-period', ref(replace, 'd.csv')],
      ['upsert', ref(replace, 'd.csv')],
      ['append', ref(period, 'c.csv')],
    ])
    const blocked = await rollback(up.id)
    expect(blocked.statusCode).toBe(409)
    expect(blocked.json().error).toMatchObject({
      code: 'BATCH_ROLLBACK_BLOCKED',
      details: { blockedBy: [ref(replace, 'd.csv')] },
    })
    expect(blocked.json().error.message).toContain('"d.csv"')
    expect(await values()).toEqual(['G 2026-03-01 70'])

    const before = await dataset(keyed.id)
    const rb = await rollback(replace.id)
    expect(rb.statusCode, rb.body).toBe(200)
    expect(rb.json()).toMatchObject({
      status: 'rolled_back',
      rolledBackBy: { email: admin.user.email },
      rowsRestored: 4,
    })
    // The four rows the replace had removed are back, as they were.
    expect(await values()).toEqual([
      'A 2025-12-31 11.5',
      'D 2026-01-10 40',
      'E 2026-02-05 50',
      'F 2026-01-20 60',
    ])
    const after = await dataset(keyed.id)
    expect(after.dataVersion).toBeGreaterThan(before.dataVersion)
    expect(after.rowCount).toBe(4)
    expect((await rollback(replace.id)).json().error.code).toBe('BATCH_NOT_ROLLBACKABLE')

    // The append is still blocked, now by the replace-period (it removed B and C) and the upsert (A).
    expect((await list()).find((b) => b.id === a.id)?.replacedBy?.id).toBe(period.id)
    expect((await rollback(a.id)).json().error.details.blockedBy.map((b: { id: string }) => b.id)).toEqual([
      period.id,
      up.id,
    ])
    expect((await rollback(period.id)).json()).toMatchObject({ status: 'rolled_back', rowsRestored: 2 })
    expect(await values()).toEqual([
      'A 2025-12-31 11.5',
      'B 2026-01-15 20',
      'C 2026-01-20 30',
      'E 2026-02-05 50',
    ])
    expect((await rollback(up.id)).json()).toMatchObject({ status: 'rolled_back', rowsRestored: 1 })
    expect(await values()).toEqual(['A 2025-12-31 10', 'B 2026-01-15 20', 'C 2026-01-20 30'])
    expect((await dataset(keyed.id)).rowCount).toBe(3)

    // The history tables stay out of the built-in source's catalog.
    const sources = (await t.as(admin, { method: 'GET', url: '/api/sources' })).json().sources as {
      id: string
      kind: string
    }[]
    const builtIn = sources.find((s) => s.kind === 'warehouse')?.id
    const synced = await t.as(admin, { method: 'POST', url: `/api/sources/${builtIn}/sync` })
    const tables = (synced.json().tables as { schema: string; name: string }[]).filter(
      (x) => x.name === keyed.table.name,
    )
    expect(tables.map((x) => x.schema)).toEqual(['datasets'])

    expect((await rollback(a.id)).json()).toMatchObject({ status: 'rolled_back', rowsRestored: 0 })
    expect(await values()).toEqual([])

    expect((await list()).map((b) => [b.mode, b.status, b.replacedBy])).toEqual([
      ['replace', 'rolled_back', null],
      ['replace-period', 'rolled_back', null],
      ['upsert', 'rolled_back', null],
      ['append', 'rolled_back', null],
    ])
    const audit = await t.as(admin, {
      method: 'GET',
      url: '/api/admin/audit?action=dataset.batch_rolled_back',
    })
    expect(
      audit.json().events.find((e: { details: { batchId: string } }) => e.details.batchId === replace.id),
    ).toMatchObject({ targetId: keyed.id, details: { rowsDeleted: 1, rowsRestored: 4 } })
  })

  it('refuses a file with invalid cells: nothing written, a report and a highlighted copy', async () => {
    await importAndWait(keyed.id, 'ok.csv', `${header}A;01.01.2026;1\n`)
    const version = (await dataset(keyed.id)).dataVersion
    const bad = `${header}B;02.01.2026;abc\nC;32.13.2025;3\nD;03.01.2026;4\n`
    const batch = await importAndWait(keyed.id, 'плохой.csv', bad)
    expect(batch).toMatchObject({ status: 'rejected', errorCount: 2, rowsInserted: 0, hasErrorReport: true })
    expect(batch.progress).toMatchObject({
      phase: 'done',
      rowsParsed: 3,
      rowsValid: 1,
      rowsInvalid: 2,
      rowsLoaded: 0,
    })
    expect((await rows(keyed.id)).total).toBe(1)
    expect((await dataset(keyed.id)).dataVersion).toBe(version)

    const report = (
      await t.as(admin, { method: 'GET', url: `/api/datasets/${keyed.id}/batches/${batch.id}/report` })
    ).json() as ValidationReport
    expect(report.errors.map((e) => [e.file, e.row, e.column, e.value, e.reason])).toEqual([
      ['плохой.csv', 2, 'C', 'abc', 'not_a_number'],
      ['плохой.csv', 3, 'B', '32.13.2025', 'not_a_date'],
    ])
    reportId = batch.id
    const copy = await t.as(admin, {
      method: 'GET',
      url: `/api/datasets/${keyed.id}/batches/${reportId}/error-report`,
    })
    expect(copy.statusCode).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(copy.rawPayload as unknown as ArrayBuffer)
    const sheet = wb.worksheets[0]!
    expect(sheet.getCell('C2').value).toBe('abc')
    expect(String(sheet.getCell('C2').note ?? '')).not.toBe('')
    expect(wb.getWorksheet('Ошибки')?.rowCount).toBe(3)

    // Quarantine: the valid rows go in, the invalid ones wait in quarantine.
    const q = await importAndWait(keyed.id, 'плохой.csv', bad, { quarantine: true })
    expect(q).toMatchObject({ status: 'loaded', rowsInserted: 1, rowsQuarantined: 2, errorCount: 2 })
    expect((await rows(keyed.id)).total).toBe(2)
    const qr = await t.as(admin, {
      method: 'GET',
      url: `/api/datasets/${keyed.id}/quarantine?batchId=${q.id}`,
    })
    expect(qr.statusCode, qr.body).toBe(200)
    expect(qr.json().total).toBe(2)
    expect(qr.json().rows.map((r: { sourceRow: number; values: object }) => [r.sourceRow, r.values])).toEqual(
      [
        [2, { kod: 'B', data: '02.01.2026', summa: 'abc' }],
        [3, { kod: 'C', data: '32.13.2025', summa: '3' }],
      ],
    )
    const dismiss = await t.as(admin, {
      method: 'DELETE',
      url: `/api/datasets/${keyed.id}/quarantine/${qr.json().rows[0].id}`,
    })
    expect(dismiss.statusCode).toBe(204)
  })

  it.each(['xls', 'ods'] as const)('imports an old-format .%s through the same path', async (format) => {
    const file = writeWithSheetJs(
      [
        {
          name: 'Лист1',
          rows: [
            ['Код', 'Дата', 'Сумма'],
            ['X1', '15.03.2026', '1 000,25'],
            ['Всего', null, 1000.25],
          ],
        },
      ],
      format,
    )
    const batch = await importAndWaitFile(keyed.id, `старый.${format}`, file, { quarantine: false })
    expect(batch).toMatchObject({ status: 'loaded', rowsInserted: 1 })
    const found = await rows(keyed.id, { filters: [{ column: 'kod', op: 'eq', value: 'X1' }] })
    expect(found.rows.map((r) => r.values)).toEqual([{ kod: 'X1', data: '2026-03-15', summa: '1000.25' }])
    const del = await t.as(admin, {
      method: 'POST',
      url: `/api/datasets/${keyed.id}/rows/delete`,
      payload: { rows: found.rows.map((r) => ({ rowId: r.rowId, expected: r.values })) },
    })
    expect(del.json().deleted).toBe(1)
  })

  it('refuses a file that lacks a required column before starting', async () => {
    const res = await importCsv(keyed.id, 'cols.csv', 'Код;Сумма\nZ;1\n')
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({
      code: 'UPLOAD_MISSING_COLUMNS',
      details: { missingRequired: ['Дата'] },
    })
  })

  it('marks a batch left running by a stopped process as failed, so it can be rolled back', async () => {
    const id = crypto.randomUUID()
    await t.services.db
      .insertInto('dataset_batches')
      .values({
        id,
        dataset_id: keyed.id,
        file_name: 'lost.csv',
        sheet: null,
        size_bytes: 1,
        sha256: 'x',
        mode: 'append',
        period_column: null,
        status: 'running',
        original_path: null,
        error: null,
        error_report_path: null,
        created_by: null,
        created_at: new Date(Date.now() - 24 * 3_600_000),
        finished_at: null,
        rolled_back_at: null,
        rolled_back_by: null,
      })
      .execute()
    const b = await t.as(admin, { method: 'GET', url: `/api/datasets/${keyed.id}/batches/${id}` })
    expect(b.json()).toMatchObject({ status: 'failed', error: { code: 'INTERNAL' } })
    const rb = await t.as(admin, { method: 'POST', url: `/api/datasets/${keyed.id}/batches/${id}/rollback` })
    expect(rb.json().status).toBe('rolled_back')
  })
})
