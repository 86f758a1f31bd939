import { describe, expect, it } from 'vitest'
import { blankColumn, canSubmitColumns, identifierProblems, toSchema } from './columns-model'

const named = (displayName: string, identifier: string) => ({ ...blankColumn(1), displayName, identifier })

describe('columns being edited before a dataset is created', () => {
  it('flags SQL names that are not snake_case ASCII, too long, or taken twice', () => {
    const columns = [
      named('Дата', 'data'),
      named('Регион', 'Регион'),
      named('Код', '1kod'),
      named('Сумма', 'summa'),
      named('Сумма 2', 'summa'),
      named('Длинное', 'x'.repeat(64)),
    ]
    expect(identifierProblems(columns)).toEqual([
      null,
      'identifierInvalid',
      'identifierInvalid',
      'identifierDuplicate',
      'identifierDuplicate',
      'identifierInvalid',
    ])
    expect(canSubmitColumns(columns)).toBe(false)
    expect(canSubmitColumns([named('Дата', 'data')])).toBe(true)
    expect(canSubmitColumns([named('  ', 'data')])).toBe(false)
  })

  it('makes key columns required and lists them as the key', () => {
    const schema = toSchema([{ ...named(' Код ', 'kod'), key: true }, named('Сумма', 'summa')])
    expect(schema.keyColumns).toEqual(['kod'])
    expect(schema.columns[0]).toMatchObject({ displayName: 'Код', identifier: 'kod', required: true })
    expect(schema.columns[1]).toMatchObject({ required: false })
  })
})
