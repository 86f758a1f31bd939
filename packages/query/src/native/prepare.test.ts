import { describe, expect, it } from 'vitest'
import { prepareNativeSql } from './prepare'

describe('prepareNativeSql', () => {
  it('renders variables and guards the result', () => {
    expect(
      prepareNativeSql('SELECT * FROM t WHERE a = {{a}}', {
        dialect: 'postgres',
        variables: [],
        values: { a: 'x' },
      }),
    ).toEqual({ sql: 'SELECT * FROM t WHERE a = $1', params: ['x'] })
  })

  it('refuses a write even when its variables are fine', () => {
    expect(() =>
      prepareNativeSql('DELETE FROM t WHERE a = {{a}}', {
        dialect: 'mysql',
        variables: [],
        values: { a: 'x' },
      }),
    ).toThrow(
      expect.objectContaining({ code: 'SQL_WRITE_REFUSED', message: expect.stringContaining('DELETE') }),
    )
  })
})
