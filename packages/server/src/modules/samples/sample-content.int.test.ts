import type { ApiDashboard, QueryRunResult, SampleContent } from '@vitrina/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type Session, type TestApp } from '../../testing/test-app'
import { SAMPLE_DATASET_NAME, SAMPLE_ROWS, sampleSalesRows } from './sales-data'
import { SAMPLE_QUESTIONS } from './sample-questions'

describe('POST /api/admin/sample-content', () => {
  let t: TestApp
  let admin: Session
  let first: SampleContent

  beforeAll(async () => {
    t = await createTestApp()
    admin = await t.setupAdmin()
  })
  afterAll(async () => {
    await t?.close()
  })

  const run = async (questionId: string, parameters: Record<string, string> = {}) => {
    const res = await t.as(admin, {
      method: 'POST',
      url: `/api/questions/${questionId}/run`,
      payload: { parameters },
    })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as QueryRunResult
  }

  it('generates the same rows every time', () => {
    const rows = sampleSalesRows()
    expect(rows).toHaveLength(SAMPLE_ROWS)
    expect(sampleSalesRows()).toEqual(rows)
    expect(new Set(rows.map((r) => r[1])).size).toBeGreaterThanOrEqual(5)
  })

  it('is for admins only', async () => {
    const analyst = await t.createUser(admin, 'analyst')
    const session = await t.login(analyst.email, analyst.password)
    const res = await t.as(session, { method: 'POST', url: '/api/admin/sample-content' })
    expect(res.statusCode).toBe(403)
  })

  it('creates the dataset with every row, the questions and the dashboard', async () => {
    const res = await t.as(admin, { method: 'POST', url: '/api/admin/sample-content' })
    expect(res.statusCode, res.body).toBe(201)
    first = res.json() as SampleContent
    expect(first.created).toBe(true)
    expect(first.questionIds).toHaveLength(SAMPLE_QUESTIONS.length)

    const dataset = await t.as(admin, { method: 'GET', url: `/api/datasets/${first.datasetId}` })
    expect(dataset.json().name).toBe(SAMPLE_DATASET_NAME)
    const batches = await t.as(admin, { method: 'GET', url: `/api/datasets/${first.datasetId}/batches` })
    expect(batches.statusCode, batches.body).toBe(200)
    const [batch] = batches.json().batches ?? batches.json()
    expect(batch).toMatchObject({ status: 'loaded', rowsInserted: SAMPLE_ROWS })

    const dashboard = (
      await t.as(admin, { method: 'GET', url: `/api/dashboards/${first.dashboardId}` })
    ).json() as ApiDashboard
    expect(dashboard.collectionId).toBe(first.collectionId)
    expect(dashboard.cards.filter((c) => c.kind === 'question')).toHaveLength(SAMPLE_QUESTIONS.length)
    expect(dashboard.filters.map((f) => f.type)).toEqual(['date', 'date'])
  })

  it('every question runs and returns rows; the total matches the generated rows', async () => {
    for (const id of first.questionIds) {
      const result = await run(id)
      expect(result.rows.length, id).toBeGreaterThan(0)
    }
    const total = await run(first.questionIds[0] as string)
    const expected = sampleSalesRows().reduce((s, r) => s + Math.round(Number(r[6]) * 100), 0) / 100
    expect(Number(total.rows[0]?.[0])).toBeCloseTo(expected, 2)
  })

  it('the period filter narrows every card', async () => {
    const byMonth = first.questionIds[1] as string
    const all = await run(byMonth)
    expect(all.rows).toHaveLength(12)
    const q1 = await run(byMonth, { date_from: '2025-01-01', date_to: '2025-03-31' })
    expect(q1.rows.map((r) => r[0])).toEqual(['2025-01-01', '2025-02-01', '2025-03-01'])
  })

  it('a second call returns the same content instead of adding it again', async () => {
    const res = await t.as(admin, { method: 'POST', url: '/api/admin/sample-content' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ ...first, created: false })
    const datasets = await t.as(admin, { method: 'GET', url: '/api/datasets' })
    const list = datasets.json().datasets ?? datasets.json()
    expect(list.filter((d: { name: string }) => d.name === SAMPLE_DATASET_NAME)).toHaveLength(1)
  })

  it('answers 409 SAMPLE_CONTENT_EXISTS when the dashboard was deleted but the dataset is there', async () => {
    const del = await t.as(admin, { method: 'DELETE', url: `/api/dashboards/${first.dashboardId}` })
    expect(del.statusCode).toBe(204)
    const res = await t.as(admin, { method: 'POST', url: '/api/admin/sample-content' })
    expect(res.statusCode).toBe(409)
    expect(res.json().error.code).toBe('SAMPLE_CONTENT_EXISTS')
  })
})
