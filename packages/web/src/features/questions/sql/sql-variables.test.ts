import { describe, expect, it } from 'vitest'
import { detectVariables, syncVariables } from './sql-variables'

describe('SQL variables', () => {
  it('finds each {{name}} once, in order', () => {
    expect(
      detectVariables('select * from t where a = {{ region }} and b > {{min}} or c = {{region}}'),
    ).toEqual(['region', 'min'])
    expect(detectVariables('select 1')).toEqual([])
  })

  it('keeps the type and default of known variables and drops removed ones', () => {
    const declared = [
      { name: 'min', type: 'number' as const, default: 10, field: null },
      { name: 'gone', type: 'date' as const, default: null, field: null },
    ]
    expect(syncVariables('select {{min}}, {{region}}', declared)).toEqual([
      { name: 'min', type: 'number', default: 10, field: null },
      { name: 'region', type: 'text', default: null, field: null },
    ])
  })
})
