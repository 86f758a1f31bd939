import type { NativeVariable } from '@vitrina/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, DIALECTS, type TestEngine } from '../testing/engines'
import { salesCatalog } from '../testing/fixtures'
import { prepareNativeSql } from './prepare'

for (const dialect of DIALECTS) {
  describe(`field filters on ${dialect}`, () => {
    let engine: TestEngine
    let variables: NativeVariable[]
    let sql: string

    beforeAll(async () => {
      engine = await createEngine(dialect)
      const field = (column: string) => ({ schema: engine.schema, name: 'sales', column })
      variables = ['region', 'qty', 'sold_on', 'created_at'].map((column) => ({
        name: column,
        type: 'field-filter',
        default: null,
        field: field(column),
      }))
      const table = `${q(dialect, engine.schema)}.${q(dialect, 'sales')}`
      sql = `SELECT COUNT(*) FROM ${table} WHERE {{region}} AND {{qty}} AND {{sold_on}} AND {{created_at}}`
    })
    afterAll(async () => {
      await engine?.close()
    })

    const count = async (values: Record<string, unknown>) => {
      const rendered = prepareNativeSql(sql, {
        dialect,
        variables,
        values,
        catalog: salesCatalog(engine.schema),
      })
      const [[n]] = (await engine.queryReadOnly(rendered.sql, rendered.params)) as [[unknown]]
      return Number(n)
    }

    it('without values every filter is off', async () => {
      expect(await count({})).toBe(10)
    })

    it('a value, a list and a range', async () => {
      expect(await count({ region: 'msk' })).toBe(4)
      expect(await count({ region: ['msk', 'kzn'] })).toBe(5)
      expect(await count({ qty: { from: 2, to: 4 } })).toBe(4)
      expect(await count({ qty: { from: 3, to: null } })).toBe(3)
      expect(await count({ sold_on: { from: null, to: '2024-01-15' } })).toBe(2)
      expect(await count({ region: 'spb', sold_on: { from: '2024-02-01', to: '2024-03-31' } })).toBe(2)
    })

    it('a date on a timestamp column takes the whole day, the end day included', async () => {
      // created_at is 23:30 on each sold_on day.
      expect(await count({ created_at: '2024-01-15' })).toBe(1)
      expect(await count({ created_at: ['2024-01-15', '2024-02-03'] })).toBe(2)
      expect(await count({ created_at: { from: '2024-01-15', to: '2024-02-10' } })).toBe(3)
    })

    it('a hostile value is only data', async () => {
      expect(await count({ region: "msk' OR '1'='1" })).toBe(0)
    })
  })
}

function q(dialect: string, name: string): string {
  return dialect === 'mysql' ? `\`${name}\`` : `"${name}"`
}
