import type { ApiBatch, ApiUpload } from '@vitrina/contracts'
import ExcelJS from 'exceljs'
import { expect } from 'vitest'
import { createThrowawayDatabase } from '../../testing/databases'
import { createTestApp, type Session, type TestApp } from '../../testing/test-app'

export type WarehouseKind = 'duckdb' | 'postgres'
export const WAREHOUSE_KINDS: WarehouseKind[] = ['duckdb', 'postgres']

/** A test app whose warehouse is DuckDB in its data folder or a throwaway PostgreSQL database. */
export async function createDatasetsTestApp(
  kind: WarehouseKind,
  env: Record<string, string> = {},
): Promise<TestApp & { dropWarehouse(): Promise<void> }> {
  const db = kind === 'postgres' ? await createThrowawayDatabase('vitrina_wh') : null
  const t = await createTestApp({ env: { ...(db && { WAREHOUSE_URL: db.url }), ...env } })
  return {
    ...t,
    async close() {
      await t.close()
      await db?.drop()
    },
    async dropWarehouse() {
      await db?.drop()
    },
  }
}

/** A multipart/form-data body with one file field named `file`. */
export function multipart(
  fileName: string,
  data: Buffer,
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----vitrina${Math.random().toString(16).slice(2)}`
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return {
    payload: Buffer.concat([head, data, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}

/** An .xlsx with one sheet (or several) of cell values as written, through exceljs. */
export async function xlsx(
  sheets: Record<string, (string | number | boolean | Date | null)[][]>,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name)
    for (const r of rows) ws.addRow(r)
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export async function upload(t: TestApp, s: Session, fileName: string, data: Buffer): Promise<ApiUpload> {
  const { payload, headers } = multipart(fileName, data)
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/uploads',
    payload,
    headers: { ...headers, cookie: s.cookie, 'x-csrf-token': s.csrfToken },
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as ApiUpload
}

/** Waits for the import to finish through the SSE stream; returns the last event's batch. */
export async function finished(
  t: TestApp,
  s: Session,
  datasetId: string,
  batchId: string,
): Promise<ApiBatch> {
  const res = await t.as(s, { method: 'GET', url: `/api/datasets/${datasetId}/batches/${batchId}/events` })
  expect(res.statusCode).toBe(200)
  expect(res.headers['content-type']).toContain('text/event-stream')
  const events = res.body
    .split('\n\n')
    .filter((e) => e.startsWith('event: progress'))
    .map((e) => JSON.parse(e.slice(e.indexOf('data: ') + 6)) as ApiBatch)
  const last = events.at(-1)
  if (!last) throw new Error(`no events: ${res.body}`)
  expect(last.status).not.toBe('running')
  return last
}
