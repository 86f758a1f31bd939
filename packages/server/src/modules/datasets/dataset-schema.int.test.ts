import { existsSync } from 'node:fs'
import path from 'node:path'
import type { ApiBatch, ApiDataset, RowsPage } from '@vitrina/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Session, TestApp } from '../../testing/test-app'
import { createDatasetsTestApp, finished, upload, WAREHOUSE_KINDS } from './datasets-test-kit'

describe.each(WAREHOUSE_KINDS)('dataset schema changes in the %s warehouse', (kind) => {
  let t: TestApp
  let admin: Session
  let analyst: Session
  let viewer: Session
  let viewerId: string
  let analystId: string

  beforeAll(async () => {
    t = await createDatasetsTestApp(kind)
    admin = await t.setupAdmin()
    const a = await t.createUser(admin, 'analyst')
    analystId = a.id
    analyst = await t.login(a.email, a.password)
    const v = await t.createUser(admin, 'viewer')
    viewerId = v.id
    viewer = await t.login(v.email, v.password)
  })
  afterAll(async () => {
    await t.close()
  })

  const create = async (s: Session, name: string): Promise<ApiDataset> => {
    const res = await t.as(s, {
      method: 'POST',
      url: '/api/datasets',
      payload: {
        name,
        schema: {
          columns: [
            { displayName: 'Город', identifier: 'gorod', type: 'text', required: true },
            { displayName: 'Сумма', identifier: 'summa', type: 'decimal', required: false },
          ],
        },
      },
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as ApiDataset
  }
  const load = async (id: string, csv: string): Promise<ApiBatch> => {
    const u = await upload(t, admin, 'файл.csv', Buffer.from(csv))
    const res = await t.as(admin, {
      method: 'POST',
      url: `/api/datasets/${id}/imports?confirmDuplicate=true`,
      payload: { uploadId: u.id },
    })
    expect(res.statusCode, res.body).toBe(202)
    return finished(t, admin, id, (res.json() as { batch: ApiBatch }).batch.id)
  }
  const rows = async (id: string): Promise<RowsPage> =>
    (
      await t.as(admin, {
        method: 'POST',
        url: `/api/datasets/${id}/rows/query`,
        payload: { sort: [{ column: 'gorod', direction: 'asc' }] },
      })
    ).json() as RowsPage

  it('adds a column: never required, derived SQL name, version bumped, audited, filled by later uploads', async () => {
    const ds = await create(admin, 'Продажи')
    await load(ds.id, 'Город;Сумма\nМосква;10\n')
    const url = `/api/datasets/${ds.id}/columns`
    expect((await t.as(null, { method: 'POST', url, payload: {} })).statusCode).toBe(401)
    await t.as(admin, {
      method: 'PUT',
      url: `/api/datasets/${ds.id}/permissions`,
      payload: { entries: [{ subjectType: 'user', subjectId: viewerId, level: 'upload' }] },
    })
    const denied = await t.as(viewer, { method: 'POST', url, payload: { displayName: 'x', type: 'text' } })
    expect(denied.statusCode).toBe(403)
    const bad = await t.as(admin, { method: 'POST', url, payload: { displayName: 'x', type: 'money' } })
    expect(bad.statusCode).toBe(400)
    const enumOnNumber = await t.as(admin, {
      method: 'POST',
      url,
      payload: { displayName: 'x', type: 'integer', enumValues: ['1'] },
    })
    expect(enumOnNumber.json().error.code).toBe('VALIDATION_FAILED')
    for (const clash of [
      { displayName: 'город', type: 'text' },
      { displayName: 'Другое', identifier: 'summa', type: 'text' },
    ]) {
      const res = await t.as(admin, { method: 'POST', url, payload: clash })
      expect(res.statusCode).toBe(409)
      expect(res.json().error.code).toBe('DATASET_COLUMN_TAKEN')
    }

    const res = await t.as(admin, { method: 'POST', url, payload: { displayName: 'Менеджер', type: 'text' } })
    expect(res.statusCode, res.body).toBe(200)
    const after = res.json() as ApiDataset
    expect(after.columns.at(-1)).toEqual({
      displayName: 'Менеджер',
      identifier: 'menedzher',
      type: 'text',
      required: false,
      enumValues: null,
    })
    expect(after.dataVersion).toBeGreaterThan(ds.dataVersion)
    expect((await rows(ds.id)).rows.map((r) => r.values)).toEqual([
      { gorod: 'Москва', summa: '10', menedzher: null },
    ])
    await load(ds.id, 'Город;Сумма;Менеджер\nТула;5;Иванов\n')
    expect((await rows(ds.id)).rows.map((r) => r.values.menedzher)).toEqual([null, 'Иванов'])

    const changes = await t.as(admin, { method: 'GET', url: `/api/datasets/${ds.id}/changes` })
    expect(
      changes.json().events.find((e: { action: string }) => e.action === 'dataset.column_added'),
    ).toMatchObject({
      actorEmail: admin.user.email,
      details: { column: { identifier: 'menedzher', type: 'text' } },
    })
    // The warehouse catalog the builder compiles against has it at once.
    const catalog = await t.as(admin, { method: 'GET', url: '/api/sources/warehouse/catalog' })
    const table = catalog.json().tables.find((x: { name: string }) => x.name === ds.table.name)
    expect(table.columns.map((c: { name: string }) => c.name)).toEqual(['gorod', 'summa', 'menedzher'])
  })

  it('deletes a dataset: warned about saved questions that read it, then table, batches and files gone', async () => {
    const ds = await create(analyst, 'Удаляемый')
    const batch = await load(ds.id, 'Город;Сумма\nОмск;1\n')
    const original = path.join(t.config.dataDir, 'uploads', 'originals', ds.id)
    expect(existsSync(original)).toBe(true)
    const collection = await t.as(analyst, {
      method: 'POST',
      url: '/api/collections',
      payload: { name: 'Отчёты' },
    })
    const question = await t.as(analyst, {
      method: 'POST',
      url: '/api/questions',
      payload: {
        name: 'Итого по городам',
        collectionId: collection.json().id,
        sourceId: 'warehouse',
        query: {
          kind: 'native',
          sql: `SELECT gorod, sum(summa) FROM datasets.${ds.table.name} GROUP BY 1`,
          variables: [],
        },
      },
    })
    expect(question.statusCode, question.body).toBe(201)

    const url = `/api/datasets/${ds.id}`
    expect((await t.as(null, { method: 'DELETE', url })).statusCode).toBe(401)
    await t.as(admin, {
      method: 'PUT',
      url: `${url}/permissions`,
      payload: {
        entries: [
          { subjectType: 'user', subjectId: analystId, level: 'edit' },
          { subjectType: 'user', subjectId: viewerId, level: 'upload' },
        ],
      },
    })
    expect((await t.as(viewer, { method: 'DELETE', url })).statusCode).toBe(403)

    const inUse = await t.as(analyst, { method: 'DELETE', url })
    expect(inUse.statusCode).toBe(409)
    expect(inUse.json().error).toMatchObject({
      code: 'DATASET_IN_USE',
      details: { questions: [{ id: question.json().id, name: 'Итого по городам' }] },
    })
    expect((await t.as(analyst, { method: 'GET', url })).statusCode).toBe(200)

    const gone = await t.as(analyst, { method: 'DELETE', url: `${url}?force=true` })
    expect(gone.statusCode, gone.body).toBe(204)
    expect((await t.as(admin, { method: 'GET', url })).statusCode).toBe(404)
    expect((await t.as(admin, { method: 'GET', url: `${url}/batches/${batch.id}` })).statusCode).toBe(404)
    expect(existsSync(original)).toBe(false)
    const warehouse = t.services.datasetFeature.warehouse
    for (const schema of ['datasets', 'datasets_history']) {
      const read = await warehouse
        .runQuery({ sql: `SELECT 1 FROM "${schema}"."${ds.table.name}"`, params: [] })
        .catch((e: { code: string }) => e.code)
      expect(read).toBe('WAREHOUSE_QUERY_FAILED')
    }
    const left = await t.services.db
      .selectFrom('dataset_batches')
      .select('id')
      .where('dataset_id', '=', ds.id)
      .execute()
    expect(left).toEqual([])
    const audit = await t.as(admin, { method: 'GET', url: '/api/admin/audit?action=dataset.deleted' })
    expect(audit.json().events[0]).toMatchObject({
      actorEmail: analyst.user.email,
      targetId: ds.id,
      details: { name: 'Удаляемый', forced: true, questions: [question.json().id] },
    })
    // The question stays (it now fails to run), and the name is free again.
    expect(
      (await t.as(analyst, { method: 'GET', url: `/api/questions/${question.json().id}` })).statusCode,
    ).toBe(200)
    await create(analyst, 'Удаляемый')
  })

  it('deletes a dataset no question reads without asking', async () => {
    const ds = await create(admin, 'Пустой')
    expect((await t.as(admin, { method: 'DELETE', url: `/api/datasets/${ds.id}` })).statusCode).toBe(204)
    expect(
      (await t.as(admin, { method: 'GET', url: '/api/datasets' }))
        .json()
        .datasets.map((d: ApiDataset) => d.id),
    ).not.toContain(ds.id)
  })
})
