import { describe, expect, it } from 'vitest'
import { DIALECTS } from '../testing/dialects'
import { ALLOWED, REFUSED } from '../testing/guard-cases'
import { assertReadOnlySql } from './guard'

for (const dialect of DIALECTS) {
  describe(`read-only guard on ${dialect}`, () => {
    it.each(ALLOWED[dialect])('allows %s', (sql) => {
      expect(() => assertReadOnlySql(sql.replaceAll('{T}', 'sales'), dialect)).not.toThrow()
    })

    it.each(REFUSED[dialect])('refuses %s', (sql, code, names) => {
      let error: unknown = null
      try {
        assertReadOnlySql(sql, dialect)
      } catch (e) {
        error = e
      }
      expect(error).toMatchObject({ code })
      expect((error as Error).message).toContain(names)
    })
  })
}
