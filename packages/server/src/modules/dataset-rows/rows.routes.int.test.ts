import type { ApiBatch, ApiDataset, ApiRow, RowsPage } from '@vitrina/contracts'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Session, TestApp } from '../../testing/test-app'
import { createDatasetsTestApp, finished, upload, WAREHOUSE_KINDS } from '../datasets/datasets-test-kit'

describe.each(WAREHOUSE_KINDS)('dataset rows and permissions in the %s warehouse', (kind) => {
  let t: TestApp
  let admin: Session
  let viewer: Session
  let analyst: Session
  let viewerId: string
  let ds: ApiDataset

  beforeAll(async () => {
    t = await createDatasetsTestApp(kind)
    admin = await t.setupAdmin()
    const v = await t.createUser(admin, 'viewer')
    viewerId = v.id
    viewer = await t.login(v.email, v.password)
    const a = await t.createUser(admin, 'analyst')
    analyst = await t.login(a.email, a.password)
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/datasets',
      payload: {
        name: 'Продажи',
        schema: {
          columns: [
            { displayName: 'Город', identifier: 'gorod', type: 'text', required: true },
            { displayName: 'Дата', identifier: 'data', type: 'date', required: false },
            { displayName: 'Сумма', identifier: 'summa', type: 'decimal', required: false },
            { displayName: 'Штук', identifier: 'shtuk', type: 'integer', required: false },
            { displayName: 'Оплачено', identifier: 'oplacheno', type: 'boolean', required: false },
          ],
        },
      },
    })
    expect(res.statusCode, res.body).toBe(201)
    ds = res.json() as ApiDataset
    const csv =
      'Город;Дата;Сумма;Штук;Оплачено\n' +
      'Москва;31.12.2025;1 234,56;10;да\n' +
      'Казань;01.01.2026;-5;2;нет\n' +
      '=HYPERLINK("http://evil");02.01.2026;7,25;1;да\n' +
      'Самара;;;;\n'
    const u = await upload(t, admin, 'продажи.csv', Buffer.from(csv))
    const started = await t.as(admin, {
      method: 'POST',
      url: `/api/datasets/${ds.id}/imports`,
      payload: { uploadId: u.id },
    })
    expect(started.statusCode, started.body).toBe(202)
    const b = await finished(t, admin, ds.id, (started.json() as { batch: ApiBatch }).batch.id)
    expect(b.status).toBe('loaded')
  })
  afterAll(async () => {
    await t.close()
  })

  const query = async (s: Session, body: object = {}) =>
    t.as(s, { method: 'POST', url: `/api/datasets/${ds.id}/rows/query`, payload: body })
  const page = async (body: object = {}): Promise<RowsPage> => {
    const res = await query(admin, body)
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as RowsPage
  }
  const cities = (p: RowsPage) => p.rows.map((r) => r.values.gorod)

  it('pages, sorts, filters by type and searches', async () => {
    expect((await page()).total).toBe(4)
    const sorted = await page({ sort: [{ column: 'summa', direction: 'desc' }], limit: 2, offset: 0 })
    expect(cities(sorted)).toEqual(['Москва', '=HYPERLINK("http://evil")'])
    expect(sorted.total).toBe(4)
    expect(
      cities(await page({ sort: [{ column: 'summa', direction: 'desc' }], limit: 2, offset: 2 })),
    ).toEqual(['Казань', 'Самара'])
    expect(
      cities(
        await page({
          filters: [{ column: 'data', op: 'gte', value: '01.01.2026' }],
          sort: [{ column: 'data', direction: 'asc' }],
        }),
      ),
    ).toEqual(['Казань', '=HYPERLINK("http://evil")'])
    expect(cities(await page({ filters: [{ column: 'summa', op: 'lt', value: '0' }] }))).toEqual(['Казань'])
    expect(cities(await page({ filters: [{ column: 'oplacheno', op: 'eq', value: 'нет' }] }))).toEqual([
      'Казань',
    ])
    expect(cities(await page({ filters: [{ column: 'data', op: 'is_null' }] }))).toEqual(['Самара'])
    expect(
      cities(
        await page({
          filters: [{ column: 'gorod', op: 'in', values: ['Москва', 'Самара'] }],
          sort: [{ column: 'gorod', direction: 'asc' }],
        }),
      ),
    ).toEqual(['Москва', 'Самара'])
    expect(cities(await page({ search: 'каз' }))).toEqual(['Казань'])
    expect(cities(await page({ search: '50%' }))).toEqual([])
    const bad = await query(admin, { filters: [{ column: 'shtuk', op: 'eq', value: 'много' }] })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('DATASET_INVALID_VALUE')
    const unknown = await query(admin, { filters: [{ column: 'nope', op: 'eq', value: '1' }] })
    expect(unknown.json().error.code).toBe('DATASET_COLUMN_UNKNOWN')
  })

  it('checks per-dataset permissions: none, view, upload (through a group), edit', async () => {
    expect((await t.as(viewer, { method: 'GET', url: `/api/datasets/${ds.id}` })).statusCode).toBe(403)
    expect((await query(viewer)).statusCode).toBe(403)
    expect((await t.as(viewer, { method: 'GET', url: '/api/datasets' })).json().datasets).toEqual([])
    expect(
      (await t.as(viewer, { method: 'GET', url: `/api/datasets/${ds.id}/permissions` })).statusCode,
    ).toBe(403)
    expect(
      (
        await t.as(analyst, {
          method: 'POST',
          url: '/api/datasets',
          payload: {
            name: 'x',
            schema: { columns: [{ displayName: 'a', identifier: 'a', type: 'text', required: false }] },
          },
        })
      ).statusCode,
    ).toBe(201)
    expect(
      (
        await t.as(viewer, {
          method: 'POST',
          url: '/api/datasets',
          payload: {
            name: 'y',
            schema: { columns: [{ displayName: 'a', identifier: 'a', type: 'text', required: false }] },
          },
        })
      ).statusCode,
    ).toBe(403)

    const grant = await t.as(admin, {
      method: 'PUT',
      url: `/api/datasets/${ds.id}/permissions`,
      payload: { entries: [{ subjectType: 'user', subjectId: viewerId, level: 'view' }] },
    })
    expect(grant.statusCode, grant.body).toBe(200)
    expect(grant.json().entries[0]).toMatchObject({ subjectType: 'user', level: 'view' })
    const got = await t.as(viewer, { method: 'GET', url: `/api/datasets/${ds.id}` })
    expect(got.statusCode).toBe(200)
    expect(got.json().myAccess).toBe('view')
    expect((await query(viewer)).statusCode).toBe(200)
    const u = await upload(t, viewer, 'v.csv', Buffer.from('Город\nТула\n'))
    const denied = await t.as(viewer, {
      method: 'POST',
      url: `/api/datasets/${ds.id}/imports`,
      payload: { uploadId: u.id },
    })
    expect(denied.statusCode).toBe(403)
    const row = (await page()).rows[0] as ApiRow
    const edit = await t.as(viewer, {
      method: 'PATCH',
      url: `/api/datasets/${ds.id}/rows/${encodeURIComponent(row.rowId)}`,
      payload: { expected: row.values, changes: { shtuk: 1 } },
    })
    expect(edit.statusCode).toBe(403)

    const group = await t.as(admin, {
      method: 'POST',
      url: '/api/admin/groups',
      payload: { name: 'Загрузчики', description: '' },
    })
    const groupId = group.json().id as string
    await t.as(admin, {
      method: 'PUT',
      url: `/api/admin/groups/${groupId}/members`,
      payload: { userIds: [viewerId] },
    })
    await t.as(admin, {
      method: 'PUT',
      url: `/api/datasets/${ds.id}/permissions`,
      payload: {
        entries: [
          { subjectType: 'user', subjectId: viewerId, level: 'view' },
          { subjectType: 'group', subjectId: groupId, level: 'upload' },
        ],
      },
    })
    const allowed = await t.as(viewer, {
      method: 'POST',
      url: `/api/datasets/${ds.id}/imports`,
      payload: { uploadId: u.id },
    })
    expect(allowed.statusCode, allowed.body).toBe(202)
    await finished(t, viewer, ds.id, (allowed.json() as { batch: ApiBatch }).batch.id)
    const audit = await t.as(admin, {
      method: 'GET',
      url: '/api/admin/audit?action=dataset.permissions_changed',
    })
    expect(audit.json().events[0].details.after).toHaveLength(2)
    // The dataset's own change log has the same event, the subjects named.
    const changes = await t.as(viewer, { method: 'GET', url: `/api/datasets/${ds.id}/changes?limit=50` })
    expect(changes.statusCode).toBe(200)
    const granted = (changes.json().events as { action: string; details: { after: unknown[] } }[]).find(
      (e) => e.action === 'dataset.permissions_changed',
    )
    expect(granted?.details.after).toEqual([
      { subjectType: 'group', subjectId: groupId, level: 'upload', subjectName: 'Загрузчики' },
      expect.objectContaining({ subjectType: 'user', subjectId: viewerId, level: 'view' }),
    ])
  })

  it('edits, adds and deletes rows with type checks and before/after audit', async () => {
    const moscow = (await page({ filters: [{ column: 'gorod', op: 'eq', value: 'Москва' }] }))
      .rows[0] as ApiRow
    const url = `/api/datasets/${ds.id}/rows/${encodeURIComponent(moscow.rowId)}`
    const version = (await t.as(admin, { method: 'GET', url: `/api/datasets/${ds.id}` })).json().dataVersion

    const invalid = await t.as(admin, {
      method: 'PATCH',
      url,
      payload: { expected: moscow.values, changes: { data: '31.02.2026' } },
    })
    expect(invalid.statusCode).toBe(400)
    expect(invalid.json().error).toMatchObject({ code: 'DATASET_INVALID_VALUE', details: { column: 'data' } })
    const required = await t.as(admin, {
      method: 'PATCH',
      url,
      payload: { expected: moscow.values, changes: { gorod: '' } },
    })
    expect(required.json().error.code).toBe('DATASET_INVALID_VALUE')

    const ok = await t.as(admin, {
      method: 'PATCH',
      url,
      payload: { expected: moscow.values, changes: { summa: '1 500,5', oplacheno: 'нет' } },
    })
    expect(ok.statusCode, ok.body).toBe(200)
    const after = ok.json() as ApiRow
    expect(after.values).toMatchObject({ gorod: 'Москва', summa: '1500.5', oplacheno: false })
    const stale = await t.as(admin, {
      method: 'PATCH',
      url,
      payload: { expected: moscow.values, changes: { shtuk: 3 } },
    })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().error.code).toBe('ROW_CHANGED')
    const audit = await t.as(admin, { method: 'GET', url: '/api/admin/audit?action=dataset.row_updated' })
    expect(audit.json().events[0]).toMatchObject({
      targetId: ds.id,
      details: {
        before: { summa: '1234.56', oplacheno: true },
        after: { summa: '1500.5', oplacheno: false },
      },
    })
    expect(
      (await t.as(admin, { method: 'GET', url: `/api/datasets/${ds.id}` })).json().dataVersion,
    ).toBeGreaterThan(version)

    const added = await t.as(admin, {
      method: 'POST',
      url: `/api/datasets/${ds.id}/rows`,
      payload: { values: { gorod: 'Омск', data: '2026-02-01', summa: 3, shtuk: '1 000' } },
    })
    expect(added.statusCode, added.body).toBe(201)
    expect(added.json().values).toEqual({
      gorod: 'Омск',
      data: '2026-02-01',
      summa: '3',
      shtuk: 1000,
      oplacheno: null,
    })
    const missing = await t.as(admin, {
      method: 'POST',
      url: `/api/datasets/${ds.id}/rows`,
      payload: { values: { summa: 1 } },
    })
    expect(missing.json().error.code).toBe('DATASET_INVALID_VALUE')

    const all = await page({ sort: [{ column: 'gorod', direction: 'asc' }] })
    const before = all.total
    const omsk = all.rows.find((r) => r.values.gorod === 'Омск') as ApiRow
    const del = await t.as(admin, {
      method: 'DELETE',
      url: `/api/datasets/${ds.id}/rows/${encodeURIComponent(omsk.rowId)}`,
      payload: { expected: omsk.values },
    })
    expect(del.statusCode, del.body).toBe(204)
    const rest = await page()
    expect(rest.total).toBe(before - 1)
    const two = rest.rows.filter((r) => r.values.gorod === 'Казань' || r.values.gorod === 'Самара')
    const bulk = await t.as(admin, {
      method: 'POST',
      url: `/api/datasets/${ds.id}/rows/delete`,
      payload: {
        rows: [
          ...two.map((r) => ({ rowId: r.rowId, expected: r.values })),
          { rowId: omsk.rowId, expected: omsk.values },
        ],
      },
    })
    expect(bulk.json()).toEqual({ deleted: 2, skipped: 1 })
    expect((await page()).total).toBe(before - 3)
    const deletions = await t.as(admin, { method: 'GET', url: '/api/admin/audit?action=dataset.row_deleted' })
    expect(
      deletions
        .json()
        .events[0].details.rows.map((r: { before: { gorod: string } }) => r.before.gorod)
        .sort(),
    ).toEqual(['Казань', 'Самара'])
    expect((await t.as(admin, { method: 'GET', url: `/api/datasets/${ds.id}` })).json().rowCount).toBe(
      before - 3,
    )

    // The dataset's own change log: every change with before/after, for anyone who may view it.
    const log = await t.as(viewer, { method: 'GET', url: `/api/datasets/${ds.id}/changes?limit=500` })
    expect(log.statusCode, log.body).toBe(200)
    const actions = (log.json().events as { action: string }[]).map((e) => e.action)
    expect(actions).toEqual(
      expect.arrayContaining([
        'dataset.row_updated',
        'dataset.row_added',
        'dataset.row_deleted',
        'dataset.batch_loaded',
        'dataset.created',
      ]),
    )
    expect(log.json().events[0].action).toBe('dataset.row_deleted')
  })

  it('exports .csv (formula injection guarded) and .xlsx, and gives a template', async () => {
    const csv = await t.as(admin, {
      method: 'GET',
      url: `/api/datasets/${ds.id}/export?format=csv&query=${encodeURIComponent(JSON.stringify({ sort: [{ column: 'gorod', direction: 'asc' }] }))}`,
    })
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    const lines = csv.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toBe('Город,Дата,Сумма,Штук,Оплачено')
    expect(lines).toContain(`"'=HYPERLINK(""http://evil"")",2026-01-02,7.25,1,true`)

    const xlsx = await t.as(admin, { method: 'GET', url: `/api/datasets/${ds.id}/export?format=xlsx` })
    expect(xlsx.statusCode).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const sheet = wb.worksheets[0]!
    expect(sheet.getRow(1).values).toEqual([undefined, 'Город', 'Дата', 'Сумма', 'Штук', 'Оплачено'])
    expect(sheet.rowCount).toBe(lines.length)

    const tpl = await t.as(admin, { method: 'GET', url: `/api/datasets/${ds.id}/template` })
    expect(tpl.statusCode).toBe(200)
    const tb = new ExcelJS.Workbook()
    await tb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer)
    expect(tb.worksheets.map((w) => w.name)).toEqual(['Данные', 'Инструкция'])
    expect(tb.getWorksheet('Данные')?.getRow(1).values).toEqual([
      undefined,
      'Город',
      'Дата',
      'Сумма',
      'Штук',
      'Оплачено',
    ])
  })
})
