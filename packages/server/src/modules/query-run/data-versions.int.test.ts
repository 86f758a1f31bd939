import type { ApiBatch, ApiDataset, QueryRunResult } from '@vitrina/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Session, TestApp } from '../../testing/test-app'
import { createDatasetsTestApp, finished, upload, WAREHOUSE_KINDS } from '../datasets/datasets-test-kit'

describe.each(WAREHOUSE_KINDS)('cache invalidation by dataset data versions (%s warehouse)', (kind) => {
  let t: TestApp
  let admin: Session
  let sales: ApiDataset
  let other: ApiDataset

  const createDataset = async (name: string) => {
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/datasets',
      payload: {
        name,
        schema: {
          columns: [
            { displayName: 'Город', identifier: 'gorod', type: 'text', required: true },
            { displayName: 'Сумма', identifier: 'summa', type: 'decimal', required: true },
          ],
        },
      },
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as ApiDataset
  }
  const load = async (ds: ApiDataset, csv: string) => {
    const u = await upload(t, admin, 'data.csv', Buffer.from(`Город;Сумма\n${csv}`))
    const started = await t.as(admin, {
      method: 'POST',
      url: `/api/datasets/${ds.id}/imports`,
      payload: { uploadId: u.id },
    })
    expect(started.statusCode, started.body).toBe(202)
    expect((await finished(t, admin, ds.id, (started.json() as { batch: ApiBatch }).batch.id)).status).toBe(
      'loaded',
    )
  }
  const total = async (ds: ApiDataset) => {
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/query/run',
      payload: {
        sourceId: 'warehouse',
        query: { kind: 'native', sql: `SELECT sum(summa) AS total FROM ${ds.table.schema}.${ds.table.name}` },
      },
    })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as QueryRunResult
  }

  beforeAll(async () => {
    t = await createDatasetsTestApp(kind)
    admin = await t.setupAdmin()
    sales = await createDataset('Продажи')
    other = await createDataset('Прочее')
    await load(sales, 'Москва;10\nКазань;5\n')
    await load(other, 'Москва;1\n')
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  it('an upload to a dataset changes the answer at once; entries of other datasets stay cached', async () => {
    expect((await total(sales)).cached).toBe(false)
    expect((await total(other)).cached).toBe(false)
    const cached = await total(sales)
    expect(cached.cached).toBe(true)
    expect(cached.rows).toEqual([['15']])

    await load(sales, 'Самара;100\n')
    await new Promise((r) => setTimeout(r, 300))
    const fresh = await total(sales)
    expect(fresh.cached).toBe(false)
    expect(fresh.rows).toEqual([['115']])
    expect((await total(other)).cached).toBe(true)
  })

  it('a non-admin reads a dataset table only with view access to the dataset', async () => {
    const v = await t.createUser(admin, 'analyst')
    const analyst = await t.login(v.email, v.password)
    const sql = `SELECT count(*) FROM ${sales.table.schema}.${sales.table.name}`
    const ask = () =>
      t.as(analyst, {
        method: 'POST',
        url: '/api/query/run',
        payload: { sourceId: 'warehouse', query: { kind: 'native', sql } },
      })
    const denied = await ask()
    expect(denied.statusCode).toBe(403)
    expect(denied.json().error.code).toBe('SOURCE_ACCESS_DENIED')
    const grant = await t.as(admin, {
      method: 'PUT',
      url: `/api/datasets/${sales.id}/permissions`,
      payload: { entries: [{ subjectType: 'user', subjectId: v.id, level: 'view' }] },
    })
    expect(grant.statusCode, grant.body).toBe(200)
    await new Promise((r) => setTimeout(r, 5_100))
    const allowed = await ask()
    expect(allowed.statusCode, allowed.body).toBe(200)
  }, 30_000)
})
