import type { ApiBatch, ApiDataset, ApiPreview } from '@vitrina/contracts'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Session, TestApp } from '../../testing/test-app'
import { createDatasetsTestApp, finished, upload, xlsx } from '../datasets/datasets-test-kit'

// Counts how often a sheet's start is read (the real reader still does the reading).
const reads = vi.hoisted(() => ({ count: 0 }))
vi.mock('@vitrina/ingest', async (original) => {
  const ingest = await original<typeof import('@vitrina/ingest')>()
  return {
    ...ingest,
    previewSheet: (...args: Parameters<typeof ingest.previewSheet>) => {
      reads.count++
      return ingest.previewSheet(...args)
    },
  }
})

describe('the preview a user saw is the one the new dataset is made from', () => {
  let t: TestApp
  let admin: Session
  beforeAll(async () => {
    t = await createDatasetsTestApp('duckdb')
    admin = await t.setupAdmin()
  })
  afterAll(() => t.close())

  it('reads the default sheet once for its preview and the import that follows, named or not', async () => {
    const file = await xlsx({
      Продажи: [
        ['Регион', 'Сумма'],
        ['Москва', '10'],
        ['Казань', '20'],
      ],
    })
    const u = await upload(t, admin, 'продажи.xlsx', file)
    const before = reads.count
    const pre = await t.as(admin, { method: 'POST', url: `/api/uploads/${u.id}/preview`, payload: {} })
    expect(pre.statusCode, pre.body).toBe(200)
    const preview = pre.json() as ApiPreview
    expect(preview.sheet).toBe('Продажи')
    expect(reads.count).toBe(before + 1)

    // The page sends the sheet by the name the preview gave it.
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/datasets/from-upload',
      payload: {
        uploadId: u.id,
        sheet: preview.sheet,
        name: 'Продажи за день',
        columns: preview.columns.map((c) => ({
          displayName: c.displayName,
          identifier: c.identifier,
          type: c.type,
          required: c.required,
          sourceIndex: c.sourceIndex,
        })),
      },
    })
    expect(res.statusCode, res.body).toBe(202)
    expect(reads.count).toBe(before + 1)
    const created = res.json() as { dataset: ApiDataset; batch: ApiBatch }
    const batch = await finished(t, admin, created.dataset.id, created.batch.id)
    expect(batch).toMatchObject({ status: 'loaded', rowsInserted: 2 })

    // Another sheet name is read for itself.
    await t.as(admin, {
      method: 'POST',
      url: `/api/uploads/${u.id}/preview`,
      payload: { sheet: 'Нет такого' },
    })
    expect(reads.count).toBe(before + 2)
  })
})
