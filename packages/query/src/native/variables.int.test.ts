import type { NativeVariable } from '@vitrina/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, DIALECTS, type TestEngine } from '../testing/engines'
import { assertReadOnlySql } from './guard'
import { renderNativeSql } from './variables'

const variables: NativeVariable[] = [
  { name: 'region', type: 'text', default: null, field: null },
  { name: 'min_qty', type: 'number', default: null, field: null },
  { name: 'from', type: 'date', default: '2024-01-01', field: null },
]

for (const dialect of DIALECTS) {
  describe(`native SQL with variables on ${dialect}`, () => {
    let engine: TestEngine
    let sql: string

    beforeAll(async () => {
      engine = await createEngine(dialect)
      const table = dialect === 'mysql' ? 'sales' : 'public.sales'
      sql = `SELECT COUNT(*) FROM ${table} WHERE sold_on >= {{from}} [[AND region = {{region}}]] [[AND qty >= {{min_qty}}]]`
    })
    afterAll(async () => {
      await engine?.close()
    })

    const count = async (values: Record<string, unknown>) => {
      const rendered = renderNativeSql(sql, { dialect, variables, values })
      assertReadOnlySql(rendered.sql, dialect)
      const [[n]] = (await engine.queryReadOnly(rendered.sql, rendered.params)) as [[unknown]]
      return Number(n)
    }

    it('defaults apply and empty optional sections are dropped', async () => {
      expect(await count({})).toBe(9)
    })

    it('text, number and date values are bound', async () => {
      expect(await count({ region: 'msk', min_qty: '2', from: '2024-02-01' })).toBe(2)
    })

    it('a hostile value is only data', async () => {
      expect(await count({ region: "msk' OR '1'='1" })).toBe(0)
    })
  })
}
