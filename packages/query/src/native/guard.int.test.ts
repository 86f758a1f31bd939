import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, DIALECTS, type TestEngine } from '../testing/engines'
import { ALLOWED } from '../testing/guard-cases'
import { assertReadOnlySql } from './guard'

for (const dialect of DIALECTS) {
  describe(`statements the guard allows run read-only on ${dialect}`, () => {
    let engine: TestEngine
    let table: string

    beforeAll(async () => {
      engine = await createEngine(dialect)
      table = dialect === 'mysql' ? 'sales' : 'public.sales'
    })
    afterAll(async () => {
      await engine?.close()
    })

    it.each(ALLOWED[dialect])('%s', async (template) => {
      const sql = template.replaceAll('{T}', table)
      assertReadOnlySql(sql, dialect)
      await expect(engine.queryReadOnly(sql, [])).resolves.toBeInstanceOf(Array)
    })

    // The guard is the message; the read-only transaction is the protection, even for what it would miss.
    it('a write that reached the engine is still refused by the read-only transaction', async () => {
      await expect(engine.queryReadOnly(`DELETE FROM ${table}`, [])).rejects.toThrow(/read.only/i)
      const [[count]] = (await engine.query(`SELECT COUNT(*) FROM ${table}`, [])) as [[unknown]]
      expect(Number(count)).toBe(10)
    })
  })
}
